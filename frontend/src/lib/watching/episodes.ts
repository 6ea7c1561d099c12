/** Episode addressing for the player pages: URLs, order, neighbours, and the source for a translation. */
import type { Episode, VideoSource } from "@/lib/public-api/types";

export interface EpisodeRef {
  number: number;
  season: number | null;
}

/** `/anime/<slug>/episode/<n>` for episodes without a season, `/anime/<slug>/season/<s>/episode/<n>` otherwise. */
export function episodeHref(slug: string, episode: EpisodeRef, query: Record<string, string> = {}): string {
  const base = `/anime/${encodeURIComponent(slug)}`;
  const path =
    episode.season === null || episode.season === undefined
      ? `${base}/episode/${episode.number}`
      : `${base}/season/${episode.season}/episode/${episode.number}`;
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

/** The route's `season`/`number` segments as numbers; null when they are not canonical non-negative integers. */
export function parseEpisodeParams(season: string | undefined, number: string): EpisodeRef | null {
  const int = (text: string) => (/^(0|[1-9]\d{0,5})$/.test(text) ? Number(text) : null);
  const n = int(number);
  if (n === null) return null;
  if (season === undefined) return { number: n, season: null };
  const s = int(season);
  return s === null ? null : { number: n, season: s };
}

export function findEpisode<E extends EpisodeRef>(episodes: E[], ref: EpisodeRef): E | undefined {
  return episodes.find((episode) => episode.number === ref.number && (episode.season ?? null) === ref.season);
}

/** Watch order: regular seasons in order (a title without seasons first), specials (season 0) last. */
export function watchOrder<E extends EpisodeRef>(episodes: E[]): E[] {
  const rank = (season: number | null) => (season === null ? -1 : season === 0 ? Number.MAX_SAFE_INTEGER : season);
  return [...episodes].sort((a, b) => rank(a.season ?? null) - rank(b.season ?? null) || a.number - b.number);
}

export function neighbours<E extends EpisodeRef & { id: string }>(
  episodes: E[],
  currentId: string,
): { previous: E | null; next: E | null } {
  const ordered = watchOrder(episodes);
  const index = ordered.findIndex((episode) => episode.id === currentId);
  if (index < 0) return { previous: null, next: null };
  return { previous: ordered[index - 1] ?? null, next: ordered[index + 1] ?? null };
}

/** The key that identifies one translation across a title's episodes. */
export function translationKey(
  source: Pick<VideoSource, "translation_id" | "translation_title" | "source_name">,
): string {
  return source.translation_id ?? source.translation_title ?? source.source_name;
}

/**
 * The source to play: the wanted translation when this episode has it (best quality first), else the first source
 * in the given order (the caller sorts: voice first, then by name, best quality first).
 */
export function pickSource(sources: VideoSource[], wanted: string | null): VideoSource | null {
  if (wanted !== null) {
    const match = sources.find((source) => translationKey(source) === wanted);
    if (match) return match;
  }
  return sources[0] ?? null;
}

export type { Episode };
