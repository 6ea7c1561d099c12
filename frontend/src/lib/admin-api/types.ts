/** Shapes the admin panel uses, named once from the generated OpenAPI types (src/lib/api-types/). */
import type { components as AuthComponents } from "../api-types/auth";
import type { components as WriteComponents } from "../api-types/write";

type W = WriteComponents["schemas"];

export type Dashboard = W["DashboardRead"];
export type AnimeListItem = W["AdminAnimeListItemRead"];
export type AnimePage = W["AdminAnimePageRead"];
export type AnimeDetail = W["AdminAnimeDetailRead"];
export type AnimeCreate = W["AdminAnimeCreate"];
export type AnimeUpdate = W["AdminAnimeUpdate"];
export type AnimeStatus = W["AnimeStatus"];
export type Episode = W["AdminEpisodeRead"];
export type EpisodeList = W["AdminEpisodeListRead"];
export type EpisodeCreate = W["AdminEpisodeCreate"];
export type EpisodeUpdate = W["AdminEpisodeUpdate"];
export type VideoSource = W["AdminVideoRead"];
export type VideoList = W["AdminVideoListRead"];
export type VideoCreate = W["AdminVideoCreate"];
export type VideoUpdate = W["AdminVideoUpdate"];
export type VideoType = W["VideoType"];
export type TranslationType = W["TranslationType"];
export type AuditEntry = W["AuditLogRead"];
export type AuditPage = W["AuditLogPageRead"];
export type AuditAction = W["AuditAction"];
export type ResourceType = W["ResourceType"];
export type RebuildJob = W["RebuildJobRead"];
export type RebuildScope = RebuildJob["scope"];
export type RebuildStatus = RebuildJob["status"];
export type Admin = AuthComponents["schemas"]["AdminRead"];
export type TokenResponse = AuthComponents["schemas"]["TokenResponse"];

export const ANIME_STATUSES = ["ongoing", "completed", "upcoming"] as const satisfies readonly AnimeStatus[];
export const VIDEO_TYPES = ["iframe", "embed", "m3u8", "mp4"] as const satisfies readonly VideoType[];
export const TRANSLATION_TYPES = ["voice", "subtitles"] as const satisfies readonly TranslationType[];
export const AUDIT_ACTIONS = [
  "create",
  "update",
  "attach",
  "detach",
  "delete",
  "unlock",
  "rebuild",
] as const satisfies readonly AuditAction[];
export const RESOURCE_TYPES = [
  "anime",
  "episode",
  "video_source",
  "video_source_state",
  "read_models",
] as const satisfies readonly ResourceType[];
export const REBUILD_SCOPES = ["all", "anime", "user"] as const satisfies readonly RebuildScope[];

/** Fields each resource can lock against imports (the `fields` enum of DELETE …/locks). */
export const ANIME_LOCK_FIELDS = [
  "title",
  "alternative_titles",
  "description",
  "year",
  "status",
  "poster",
  "genres",
] as const;
export type AnimeLockField = (typeof ANIME_LOCK_FIELDS)[number];
export const EPISODE_LOCK_FIELDS = ["number", "season", "title", "is_active"] as const;
export type EpisodeLockField = (typeof EPISODE_LOCK_FIELDS)[number];
export const VIDEO_LOCK_FIELDS = [
  "type",
  "priority",
  "translation_id",
  "translation_title",
  "translation_type",
  "quality",
] as const;
export type VideoLockField = (typeof VIDEO_LOCK_FIELDS)[number];
