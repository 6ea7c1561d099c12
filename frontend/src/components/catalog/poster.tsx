/* eslint-disable @next/next/no-img-element -- posters come from the provider's host as they are (no optimiser):
   a plain img with width/height keeps its 2:3 box while loading and lets the browser lazy-load it. */

import { preconnect, preload } from "react-dom";

/**
 * The largest image of a page, fetched early: a preconnect to the provider's host and a high-priority preload, both
 * in the document's head, before the browser reaches the img tag.
 */
export function preloadPoster(src: string | null | undefined): void {
  if (!src) return;
  try {
    preconnect(new URL(src).origin);
  } catch {
    return;
  }
  preload(src, { as: "image", fetchPriority: "high" });
}

/** A 2:3 poster that keeps its box while loading (no layout shift); a labelled placeholder when there is none. */
export function Poster({
  src,
  alt,
  noPosterLabel,
  priority = false,
  className = "",
}: {
  src: string | null | undefined;
  alt: string;
  noPosterLabel: string;
  priority?: boolean;
  className?: string;
}) {
  return (
    <div
      className={`relative aspect-[2/3] w-full overflow-hidden rounded-[var(--radius-card)] bg-surface-2 ${className}`}
    >
      {src ? (
        <img
          src={src}
          alt={alt}
          width={400}
          height={600}
          loading={priority ? "eager" : "lazy"}
          fetchPriority={priority ? "high" : "auto"}
          decoding="async"
          className="absolute inset-0 h-full w-full object-cover"
        />
      ) : (
        <div className="absolute inset-0 flex items-center justify-center p-3 text-center text-xs text-muted">
          {noPosterLabel}
        </div>
      )}
    </div>
  );
}
