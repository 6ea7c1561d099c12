/**
 * Server-side reads of the public site. Pages call these functions directly (React Server Components); they reach
 * the services at ANI_API_BASE_URL (an internal URL: the gateway or the services' own network), never from the
 * browser. Nothing is cached here: the read models are already a cache that the projector keeps fresh within a
 * second, and a page must show an edit within seconds.
 */
import createClient from "openapi-fetch";
import type { paths as ReadPaths } from "../api-types/read";
import { catalogApiQuery, type CatalogState } from "../catalog-params";
import { ApiUnavailableError, errorFromResponse } from "./errors";
import type { AnimeDetail, CatalogItem, CatalogPage, GenreFacet } from "./types";

const REQUEST_TIMEOUT_MS = 5_000;

export function apiBaseUrl(): string {
  return (process.env.ANI_API_BASE_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
}

function readClient() {
  return createClient<ReadPaths>({
    baseUrl: apiBaseUrl(),
    fetch: (request: Request) => fetch(request, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  });
}

async function failure(response: Response | undefined, cause: unknown): Promise<Error> {
  if (response) return errorFromResponse(response);
  return new ApiUnavailableError(cause instanceof Error ? cause.message : "request failed");
}

/** One catalog page. A catalog that was never projected reads as empty (the site is up before the first import). */
export async function getCatalogPage(state: CatalogState, pageSize?: number): Promise<CatalogPage> {
  let result;
  try {
    result = await readClient().GET("/api/read/anime", { params: { query: catalogApiQuery(state, pageSize) } });
  } catch (cause) {
    throw await failure(undefined, cause);
  }
  const { data, response } = result;
  if (response.status === 404) return { items: [], total: 0 };
  if (!data) throw await failure(response, null);
  const total = Number.parseInt(response.headers.get("x-total-count") ?? "", 10);
  return { items: data as CatalogItem[], total: Number.isFinite(total) ? total : data.length };
}

/** A title's detail, or null when no active title has this slug (the page answers 404). */
export async function getAnime(slug: string): Promise<AnimeDetail | null> {
  if (!/^[^/?#\s]{1,255}$/.test(slug)) return null;
  let result;
  try {
    result = await readClient().GET("/api/read/anime/{slug}", { params: { path: { slug } } });
  } catch (cause) {
    throw await failure(undefined, cause);
  }
  const { data, response } = result;
  if (response.status === 404) return null;
  if (!data) throw await failure(response, null);
  return data;
}

/** Genres of the active catalog with their counts (for the catalog filter); empty when not projected yet. */
export async function getGenres(): Promise<GenreFacet[]> {
  let result;
  try {
    result = await readClient().GET("/api/read/genres", {});
  } catch (cause) {
    throw await failure(undefined, cause);
  }
  const { data, response } = result;
  if (response.status === 404) return [];
  if (!data) throw await failure(response, null);
  return data;
}

/** Every active title's slug and last update, for the sitemap (pages of 100, bounded). */
export async function* allCatalogItems(limit = 50_000): AsyncGenerator<CatalogItem> {
  const pageSize = 100;
  for (let page = 1; (page - 1) * pageSize < limit; page++) {
    const { items, total } = await getCatalogPage(
      { q: "", genre: "", year: null, status: null, sort: "title", page },
      pageSize,
    );
    yield* items;
    if (page * pageSize >= total || items.length === 0) return;
  }
}
