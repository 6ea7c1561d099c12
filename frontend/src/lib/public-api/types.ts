/** Shapes the public site uses, named once from the generated OpenAPI types (src/lib/api-types/). */
import type { components as AuthComponents } from "../api-types/auth";
import type { components as ReadComponents } from "../api-types/read";

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
