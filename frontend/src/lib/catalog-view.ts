/** The catalog's URL state as the route segment the server renders (src/proxy.ts ↔ app/[locale]/catalog/[view]). */
import { catalogHref, DEFAULT_CATALOG_STATE, parseCatalogParams, type CatalogState } from "./catalog-params";

/**
 * The canonical query of a state as one path segment of the rewritten route (src/proxy.ts): `all`, or `v` and the
 * query in base64url (no `/`, `%` or `?` that routing could decode or split).
 */
export function catalogViewSegment(state: CatalogState): string {
  const href = catalogHref(state, { page: state.page });
  const query = href.includes("?") ? href.slice(href.indexOf("?") + 1) : "";
  return query ? `v${Buffer.from(query, "utf8").toString("base64url")}` : "all";
}

/** The state a rewritten route's segment stands for (the inverse of `catalogViewSegment`; anything else: defaults). */
export function stateFromViewSegment(segment: string): CatalogState {
  if (!/^v[A-Za-z0-9_-]{1,2000}$/.test(segment)) return { ...DEFAULT_CATALOG_STATE };
  return parseCatalogParams(new URLSearchParams(Buffer.from(segment.slice(1), "base64url").toString("utf8")));
}
