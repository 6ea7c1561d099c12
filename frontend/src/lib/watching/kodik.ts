/**
 * The Kodik player's postMessage protocol: the events it reports to the page and the commands it takes.
 *
 * Events are accepted only from the player frame's own window AND from the origin of its URL: any other frame or
 * window on the page (or a page that opened this one) can post messages too, and must not move a viewer's progress.
 */
export type PlayerEvent =
  | { type: "time"; seconds: number }
  | { type: "duration"; seconds: number }
  | { type: "play" }
  | { type: "pause" }
  | { type: "seek"; seconds: number }
  | { type: "ended" }
  | { type: "episode"; season: number | null; episode: number | null; translation: string | null };

export interface FrameIdentity {
  /** The iframe's contentWindow. */
  window: unknown;
  /** The origin of the iframe's URL (see `originOf`). */
  origin: string;
}

export interface MessageLike {
  source: unknown;
  origin: string;
  data: unknown;
}

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

function finite(value: unknown): number | null {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number >= 0 ? number : null;
}

function optionalInt(value: unknown): number | null {
  const number = finite(value);
  return number !== null && Number.isInteger(number) ? number : null;
}

/** A Kodik event from the player frame, or null for anything else (other sources, other origins, other shapes). */
export function parseKodikMessage(message: MessageLike, frame: FrameIdentity): PlayerEvent | null {
  if (frame.window === null || frame.window === undefined || message.source !== frame.window) return null;
  if (message.origin !== frame.origin) return null;
  const data = message.data;
  if (typeof data !== "object" || data === null) return null;
  const { key, value } = data as { key?: unknown; value?: unknown };
  switch (key) {
    case "kodik_player_time_update": {
      const seconds = finite(value);
      return seconds === null ? null : { type: "time", seconds };
    }
    case "kodik_player_duration_update": {
      const seconds = finite(value);
      return seconds === null || seconds === 0 ? null : { type: "duration", seconds };
    }
    case "kodik_player_play":
      return { type: "play" };
    case "kodik_player_pause":
      return { type: "pause" };
    case "kodik_player_seek": {
      const seconds = finite(typeof value === "object" && value !== null ? (value as { time?: unknown }).time : value);
      return seconds === null ? null : { type: "seek", seconds };
    }
    case "kodik_player_video_ended":
      return { type: "ended" };
    case "kodik_player_current_episode": {
      if (typeof value !== "object" || value === null) return null;
      const v = value as { season?: unknown; episode?: unknown; translation?: unknown };
      const translation =
        typeof v.translation === "object" && v.translation !== null
          ? (v.translation as { id?: unknown }).id
          : v.translation;
      return {
        type: "episode",
        season: optionalInt(v.season),
        episode: optionalInt(v.episode),
        translation: typeof translation === "string" || typeof translation === "number" ? String(translation) : null,
      };
    }
    default:
      return null;
  }
}

export type PlayerCommand = { method: "play" } | { method: "pause" } | { method: "seek"; seconds: number };

/** The message that commands a Kodik player. */
export function kodikCommand(command: PlayerCommand): { key: "kodik_player_api"; value: PlayerCommand } {
  return { key: "kodik_player_api", value: command };
}
