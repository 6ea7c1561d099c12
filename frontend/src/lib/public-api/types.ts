/** Shapes the public site uses, named once from the generated OpenAPI types (src/lib/api-types/). */
import type { components as AuthComponents } from "../api-types/auth";
import type { components as ReadComponents } from "../api-types/read";
import type { components as WriteComponents } from "../api-types/write";

export type CatalogItem = ReadComponents["schemas"]["CatalogItemRead"];
export type AnimeDetail = ReadComponents["schemas"]["AnimeDetailRead"];
export type Episode = ReadComponents["schemas"]["EpisodeRead"];
export type VideoSource = ReadComponents["schemas"]["VideoSourceRead"];
export type AnimeStatus = NonNullable<CatalogItem["status"]>;
export type TokenResponse = AuthComponents["schemas"]["TokenResponse"];
export type UserAccount = AuthComponents["schemas"]["UserRead"];
export type ApiErrorBody = AuthComponents["schemas"]["ErrorEnvelope"];

export interface CatalogPage {
  items: CatalogItem[];
  total: number;
}

export interface GenreFacet {
  name: string;
  count: number;
}

export type SessionItem = AuthComponents["schemas"]["SessionRead"];

/** Shapes of the viewer's own data (read-api `/api/read/me/*`, write-api `/api/v1/me/*`). */
export type LibraryStatus = "watching" | "planned" | "completed" | "on_hold" | "dropped" | "rewatching";
export const LIBRARY_STATUSES: readonly LibraryStatus[] = [
  "watching",
  "planned",
  "completed",
  "on_hold",
  "dropped",
  "rewatching",
];

type Read = ReadComponents["schemas"];
type Narrowed<T extends { status: string }> = Omit<T, "status"> & { status: LibraryStatus };

export type LibraryAnime = Read["AnimeSummaryRead"];
export type LibraryEntry = Narrowed<Read["LibraryEntryRead"]>;
export type ProgressItem = Read["TitleProgressRead"];
export type TitleState = Omit<Read["TitleStateRead"], "library"> & {
  library: Narrowed<Read["TitleLibraryRead"]> | null;
};
export type ContinueItem = Read["ContinueItemRead"];
export type HistoryItem = WriteComponents["schemas"]["HistoryRead"];
/** What write-api answers to a library PUT. */
export type LibraryItem = Narrowed<WriteComponents["schemas"]["LibraryItemRead"]>;
