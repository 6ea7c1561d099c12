import type { Episode, VideoSource } from "@/lib/public-api/types";

export interface SeasonGroup {
  /** null: the provider did not say (a movie or a one-season title) */
  season: number | null;
  episodes: Episode[];
}

/** Episodes grouped by season in the order they come (the read model sorts by season, then number). */
export function groupBySeason(episodes: Episode[]): SeasonGroup[] {
  const groups = new Map<number | null, Episode[]>();
  for (const episode of episodes) {
    const season = (episode as Episode & { season?: number | null }).season ?? null;
    const list = groups.get(season);
    if (list) list.push(episode);
    else groups.set(season, [episode]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => seasonOrder(a) - seasonOrder(b))
    .map(([season, list]) => ({ season, episodes: list }));
}

/** Regular seasons first in order, specials (season 0) after them. */
function seasonOrder(season: number | null): number {
  if (season === null) return -1;
  return season === 0 ? Number.MAX_SAFE_INTEGER : season;
}

/** Distinct translations of a title (one per translation id or name), voice first, then by name. */
export function distinctTranslations(episodes: Episode[]): VideoSource[] {
  const seen = new Map<string, VideoSource>();
  for (const episode of episodes) {
    for (const source of episode.video_sources) {
      const key = source.translation_id ?? source.translation_title ?? source.source_name;
      if (!seen.has(key)) seen.set(key, source);
    }
  }
  return sortSources([...seen.values()]);
}

/** The same order on every episode: voice first, then by translation name, then best quality first. */
export function sortSources(sources: VideoSource[]): VideoSource[] {
  return [...sources].sort(
    (a, b) =>
      Number(a.translation_type !== "voice") - Number(b.translation_type !== "voice") ||
      (a.translation_title ?? a.source_name).localeCompare(b.translation_title ?? b.source_name) ||
      qualityRank(b.quality) - qualityRank(a.quality),
  );
}

function qualityRank(quality: string | null | undefined): number {
  const match = /(\d{3,4})/.exec(quality ?? "");
  return match ? Number(match[1]) : 0;
}

/** An episode's sources by translation type ("voice" first), each list in `sortSources` order. */
export function byType(sources: VideoSource[]): [string, VideoSource[]][] {
  const groups = new Map<string, VideoSource[]>();
  for (const source of sortSources(sources)) {
    const type = source.translation_type ?? "unknown";
    const list = groups.get(type);
    if (list) list.push(source);
    else groups.set(type, [source]);
  }
  return [...groups.entries()];
}
