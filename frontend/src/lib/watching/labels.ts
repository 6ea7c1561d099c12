/** Player words and the episode label, shared by the player page (server) and its island (client). */
import { fill } from "@/lib/words";
import type { EpisodeRef } from "./episodes";

export type PlayerWords = Record<
  | "episodeTitle"
  | "seasonEpisode"
  | "episodeOnly"
  | "specialEpisode"
  | "translations"
  | "voice"
  | "subtitles"
  | "unknown"
  | "previous"
  | "next"
  | "autoNext"
  | "nextIn"
  | "playNow"
  | "cancel"
  | "episodes"
  | "watched"
  | "partly"
  | "current"
  | "resumed"
  | "noSources"
  | "signInToSave"
  | "signIn"
  | "saving"
  | "offline"
  | "loading"
  | "backToTitle",
  string
>;

export function episodeLabel(words: PlayerWords, episode: EpisodeRef): string {
  if (episode.season === null) return fill(words.episodeOnly, { number: episode.number });
  if (episode.season === 0) return fill(words.specialEpisode, { number: episode.number });
  return fill(words.seasonEpisode, { season: episode.season, number: episode.number });
}
