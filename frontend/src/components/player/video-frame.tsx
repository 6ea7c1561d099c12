"use client";

/**
 * One video source on screen: Kodik-style players in a sandboxed iframe, `mp4`/`m3u8` in a <video> element.
 * Interface is final; the event wiring lands with the watching pages.
 */
import type { Ref } from "react";

export type SourceType = "iframe" | "embed" | "m3u8" | "mp4";

export interface PlayableSource {
  type: SourceType;
  url: string;
}

export interface VideoFrameProps {
  source: PlayableSource;
  /** Accessible name of the frame, e.g. "Naruto — episode 3". */
  title: string;
  ref?: Ref<HTMLDivElement>;
}

export function VideoFrame({ source, title, ref }: VideoFrameProps) {
  return (
    <div ref={ref} className="relative aspect-video w-full overflow-hidden rounded-lg bg-black">
      {source.type === "mp4" || source.type === "m3u8" ? (
        <video className="size-full" src={source.url} title={title} controls playsInline />
      ) : (
        <iframe
          className="size-full"
          src={source.url}
          title={title}
          allow="autoplay; fullscreen; picture-in-picture; encrypted-media"
          allowFullScreen
          referrerPolicy="strict-origin"
          sandbox="allow-scripts allow-same-origin allow-presentation"
        />
      )}
    </div>
  );
}
