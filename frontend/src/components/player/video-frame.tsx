"use client";

/**
 * One video source on screen, reporting what it plays as `PlayerEvent`s:
 * - `iframe`/`embed` (Kodik and the like): a sandboxed iframe with an `allow` list and a strict referrer policy; its
 *   `postMessage` events are accepted only from that iframe's window and its URL's origin (lib/watching/kodik.ts);
 * - `mp4`/`m3u8`: a <video> element (hls.js, loaded only when needed, for m3u8 where the browser has no HLS).
 * `controlRef` receives a handle that commands either kind the same way (seek, play, pause).
 */
import { useEffect, useRef, type Ref, type RefObject } from "react";
import { kodikCommand, originOf, parseKodikMessage, type PlayerCommand, type PlayerEvent } from "@/lib/watching/kodik";

export type SourceType = "iframe" | "embed" | "m3u8" | "mp4";

export interface PlayableSource {
  type: SourceType;
  url: string;
}

export interface PlayerControl {
  command(command: PlayerCommand): void;
}

export interface VideoFrameProps {
  source: PlayableSource;
  /** Accessible name of the frame, e.g. "Naruto — episode 3". */
  title: string;
  onEvent?: (event: PlayerEvent) => void;
  controlRef?: RefObject<PlayerControl | null>;
  ref?: Ref<HTMLDivElement>;
}

export function VideoFrame({ source, title, onEvent, controlRef, ref }: VideoFrameProps) {
  const isVideo = source.type === "mp4" || source.type === "m3u8";
  return (
    <div ref={ref} className="relative aspect-video w-full overflow-hidden rounded-xl bg-black shadow-lg">
      {isVideo ? (
        <VideoElement key={source.url} source={source} title={title} onEvent={onEvent} controlRef={controlRef} />
      ) : (
        <PlayerIframe key={source.url} url={source.url} title={title} onEvent={onEvent} controlRef={controlRef} />
      )}
    </div>
  );
}

type InnerProps = Pick<VideoFrameProps, "title" | "onEvent" | "controlRef">;

function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

function PlayerIframe({ url, title, onEvent, controlRef }: InnerProps & { url: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const listener = useLatest(onEvent);
  const origin = originOf(url);

  useEffect(() => {
    if (origin === null) return;
    const onMessage = (message: MessageEvent) => {
      const event = parseKodikMessage(message, { window: frame.current?.contentWindow ?? null, origin });
      if (event !== null) listener.current?.(event);
    };
    window.addEventListener("message", onMessage);
    if (controlRef) {
      controlRef.current = {
        command: (command) => frame.current?.contentWindow?.postMessage(kodikCommand(command), origin),
      };
    }
    return () => {
      window.removeEventListener("message", onMessage);
      if (controlRef) controlRef.current = null;
    };
  }, [origin, listener, controlRef]);

  if (origin === null) return null;
  return (
    <iframe
      ref={frame}
      className="absolute inset-0 size-full"
      src={url}
      title={title}
      allow="autoplay; fullscreen; picture-in-picture; encrypted-media"
      allowFullScreen
      referrerPolicy="strict-origin"
      sandbox="allow-scripts allow-same-origin allow-presentation allow-forms"
    />
  );
}

function VideoElement({ source, title, onEvent, controlRef }: InnerProps & { source: PlayableSource }) {
  const video = useRef<HTMLVideoElement>(null);
  const listener = useLatest(onEvent);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let disposed = false;
    let destroyHls: (() => void) | null = null;
    if (source.type === "m3u8" && !element.canPlayType("application/vnd.apple.mpegurl")) {
      void import("hls.js").then(({ default: Hls }) => {
        if (disposed || !Hls.isSupported()) return;
        const hls = new Hls();
        hls.loadSource(source.url);
        hls.attachMedia(element);
        destroyHls = () => hls.destroy();
      });
    } else {
      element.src = source.url;
    }
    let lastSecond = -1;
    const emit = (event: PlayerEvent) => listener.current?.(event);
    const handlers: [string, () => void][] = [
      [
        "loadedmetadata",
        () => Number.isFinite(element.duration) && emit({ type: "duration", seconds: element.duration }),
      ],
      ["play", () => emit({ type: "play" })],
      ["pause", () => !element.ended && emit({ type: "pause" })],
      ["seeked", () => emit({ type: "seek", seconds: element.currentTime })],
      ["ended", () => emit({ type: "ended" })],
      [
        "timeupdate",
        () => {
          const second = Math.floor(element.currentTime);
          if (second !== lastSecond) {
            lastSecond = second;
            emit({ type: "time", seconds: second });
          }
        },
      ],
    ];
    for (const [name, handler] of handlers) element.addEventListener(name, handler);
    if (controlRef) {
      controlRef.current = {
        command: (command) => {
          if (command.method === "seek") element.currentTime = command.seconds;
          else if (command.method === "play") void element.play().catch(() => undefined);
          else element.pause();
        },
      };
    }
    return () => {
      disposed = true;
      for (const [name, handler] of handlers) element.removeEventListener(name, handler);
      destroyHls?.();
      if (controlRef) controlRef.current = null;
    };
  }, [source.type, source.url, listener, controlRef]);

  return (
    <video ref={video} className="absolute inset-0 size-full" title={title} controls playsInline preload="metadata" />
  );
}
