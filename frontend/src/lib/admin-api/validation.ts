/**
 * The admin forms check what write-api checks (the bounds of AdminAnimeCreate/Update, AdminEpisodeCreate/Update and
 * AdminVideoCreate/Update in services/write-api/openapi.json) before sending, and turn the form's strings into the
 * request body. The API stays the judge: its 422 messages are shown next to the fields too.
 */
import type { AnimeCreate, AnimeStatus, EpisodeCreate, TranslationType, VideoCreate, VideoType } from "./types";
import { ANIME_STATUSES, TRANSLATION_TYPES, VIDEO_TYPES } from "./types";

/** A problem with one field: a message key of `admin.validation` and its values. */
export interface Problem {
  key: "required" | "tooLong" | "tooMany" | "range" | "integer" | "slug" | "url" | "choice" | "uuid";
  values?: Record<string, number>;
}
export type Problems<F extends string> = Partial<Record<F, Problem>>;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(value: string, { required = false, max }: { required?: boolean; max: number }): Problem | null {
  const trimmed = value.trim();
  if (required && trimmed.length === 0) return { key: "required" };
  if (trimmed.length > max) return { key: "tooLong", values: { max } };
  return null;
}

function integer(value: string, min: number, max: number, required: boolean): Problem | null {
  const trimmed = value.trim();
  if (trimmed === "") return required ? { key: "required" } : null;
  if (!/^-?\d+$/.test(trimmed)) return { key: "integer" };
  const number = Number(trimmed);
  return number < min || number > max ? { key: "range", values: { min, max } } : null;
}

function url(value: string, required: boolean): Problem | null {
  const trimmed = value.trim();
  if (trimmed === "") return required ? { key: "required" } : null;
  if (trimmed.length > 2048) return { key: "tooLong", values: { max: 2048 } };
  const candidate = trimmed.startsWith("//") ? `https:${trimmed}` : trimmed;
  try {
    const parsed = new URL(candidate);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? null : { key: "url" };
  } catch {
    return { key: "url" };
  }
}

/** One item per line (alternative titles) or per comma/line (genres); blanks dropped. */
export function splitList(value: string, separators: RegExp = /\n/): string[] {
  return value
    .split(separators)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function list(items: string[], maxItems: number, maxLength: number): Problem | null {
  if (items.length > maxItems) return { key: "tooMany", values: { max: maxItems } };
  if (items.some((item) => item.length > maxLength)) return { key: "tooLong", values: { max: maxLength } };
  return null;
}

function collect<F extends string>(checks: Record<F, Problem | null>): Problems<F> {
  const out: Problems<F> = {};
  for (const [field, problem] of Object.entries(checks) as [F, Problem | null][]) {
    if (problem) out[field] = problem;
  }
  return out;
}

// ------------------------------------------------------------------ anime

export interface AnimeForm {
  title: string;
  slug: string;
  description: string;
  year: string;
  status: "" | AnimeStatus;
  poster: string;
  genres: string;
  alternative_titles: string;
  is_active: boolean;
}
export type AnimeField = Exclude<keyof AnimeForm, "is_active">;

export const GENRE_SEPARATORS = /[,\n]/;

export function validateAnime(form: AnimeForm): Problems<AnimeField> {
  return collect<AnimeField>({
    title: text(form.title, { required: true, max: 1000 }),
    slug:
      form.slug.trim() === ""
        ? null
        : form.slug.trim().length > 100
          ? { key: "tooLong", values: { max: 100 } }
          : SLUG.test(form.slug.trim())
            ? null
            : { key: "slug" },
    description: text(form.description, { max: 20000 }),
    year: integer(form.year, 1900, 2100, false),
    status: form.status === "" || ANIME_STATUSES.includes(form.status) ? null : { key: "choice" },
    poster: url(form.poster, false),
    genres: list(splitList(form.genres, GENRE_SEPARATORS), 50, 100),
    alternative_titles: list(splitList(form.alternative_titles), 100, 1000),
  });
}

/** The whole anime as the API wants it (create), every empty optional field as null. */
export function animeBody(form: AnimeForm): AnimeCreate {
  const genres = splitList(form.genres, GENRE_SEPARATORS);
  const alternative = splitList(form.alternative_titles);
  return {
    title: form.title.trim(),
    slug: form.slug.trim() || null,
    description: form.description.trim() || null,
    year: form.year.trim() === "" ? null : Number(form.year.trim()),
    status: form.status || null,
    poster: form.poster.trim() || null,
    genres: genres.length ? genres : null,
    alternative_titles: alternative.length ? alternative : null,
    is_active: form.is_active,
  };
}

/** Only what changed (PATCH): comparing the bodies the two forms would send. */
export function animeChanges(before: AnimeForm, after: AnimeForm): Partial<AnimeCreate> {
  const a = animeBody(before);
  const b = animeBody(after);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(b) as (keyof AnimeCreate)[]) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out[key] = b[key];
  }
  // An unchanged derived slug is never sent back as null.
  if (out.slug === null) delete out.slug;
  return out as Partial<AnimeCreate>;
}

// ------------------------------------------------------------------ episodes

export interface EpisodeForm {
  number: string;
  season: string;
  title: string;
  source_episode_id: string;
}
export type EpisodeField = keyof EpisodeForm;

export function validateEpisode(form: EpisodeForm, creating: boolean): Problems<EpisodeField> {
  return collect<EpisodeField>({
    number: integer(form.number, 0, 1_000_000, true),
    season: integer(form.season, 0, 10_000, false),
    title: text(form.title, { max: 1000 }),
    source_episode_id: creating ? text(form.source_episode_id, { required: true, max: 255 }) : null,
  });
}

export function episodeBody(form: EpisodeForm, animeId: string): EpisodeCreate {
  return {
    anime_id: animeId,
    number: Number(form.number.trim()),
    season: form.season.trim() === "" ? null : Number(form.season.trim()),
    title: form.title.trim() || null,
    source_episode_id: form.source_episode_id.trim(),
    is_active: true,
  };
}

export function validateAnimeId(value: string): Problem | null {
  if (value.trim() === "") return { key: "required" };
  return UUID.test(value.trim()) ? null : { key: "uuid" };
}

// ------------------------------------------------------------------ video sources

export interface VideoForm {
  type: VideoType;
  url: string;
  source_name: string;
  priority: string;
  quality: string;
  translation_id: string;
  translation_title: string;
  translation_type: "" | TranslationType;
  is_active: boolean;
}
export type VideoField = Exclude<keyof VideoForm, "is_active">;

export function validateVideo(form: VideoForm): Problems<VideoField> {
  return collect<VideoField>({
    type: VIDEO_TYPES.includes(form.type) ? null : { key: "choice" },
    url: url(form.url, true),
    source_name: text(form.source_name, { required: true, max: 255 }),
    priority: integer(form.priority, -1_000_000, 1_000_000, false),
    quality: text(form.quality, { max: 255 }),
    translation_id: text(form.translation_id, { max: 255 }),
    translation_title: text(form.translation_title, { max: 255 }),
    translation_type:
      form.translation_type === "" || TRANSLATION_TYPES.includes(form.translation_type) ? null : { key: "choice" },
  });
}

export function videoBody(form: VideoForm, episodeId: string): VideoCreate {
  return {
    episode_id: episodeId,
    type: form.type,
    url: form.url.trim(),
    source_name: form.source_name.trim(),
    priority: form.priority.trim() === "" ? 0 : Number(form.priority.trim()),
    quality: form.quality.trim() || null,
    translation_id: form.translation_id.trim() || null,
    translation_title: form.translation_title.trim() || null,
    translation_type: form.translation_type || null,
    is_active: form.is_active,
  };
}
