/**
 * The catalog's URL state: every filter, the sort and the page live in the query string, so a link reproduces the
 * view. `parseCatalogParams` accepts anything a person may type into the address bar and never throws: unknown or
 * malformed values fall back to the default. `catalogHref` writes the canonical form (defaults omitted, fixed order).
 */
export const CATALOG_PAGE_SIZE = 24;
export const CATALOG_STATUSES = ["ongoing", "completed", "upcoming"] as const;
export const CATALOG_SORTS = ["title", "-year", "-updated_at"] as const;
export type CatalogStatus = (typeof CATALOG_STATUSES)[number];
export type CatalogSort = (typeof CATALOG_SORTS)[number];
export const MIN_YEAR = 1917;
export const MAX_QUERY_LENGTH = 200;

export interface CatalogState {
  q: string;
  genre: string;
  year: number | null;
  status: CatalogStatus | null;
  sort: CatalogSort;
  page: number;
}

export const DEFAULT_CATALOG_STATE: CatalogState = {
  q: "",
  genre: "",
  year: null,
  status: null,
  sort: "title",
  page: 1,
};

type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

function first(params: RawParams, key: string): string {
  const value = params instanceof URLSearchParams ? params.get(key) : params[key];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === "string" ? one : "";
}

function positiveInt(text: string): number | null {
  if (!/^\d{1,9}$/.test(text.trim())) return null;
  const value = Number.parseInt(text, 10);
  return value >= 1 ? value : null;
}

export function parseCatalogParams(params: RawParams, now: Date = new Date()): CatalogState {
  const q = first(params, "q").trim().replace(/\s+/g, " ").slice(0, MAX_QUERY_LENGTH);
  const genre = first(params, "genre").trim().slice(0, 100);
  const yearValue = positiveInt(first(params, "year"));
  const year = yearValue !== null && yearValue >= MIN_YEAR && yearValue <= now.getUTCFullYear() + 5 ? yearValue : null;
  const statusText = first(params, "status");
  const status = (CATALOG_STATUSES as readonly string[]).includes(statusText) ? (statusText as CatalogStatus) : null;
  const sortText = first(params, "sort");
  const sort = (CATALOG_SORTS as readonly string[]).includes(sortText) ? (sortText as CatalogSort) : "title";
  const page = positiveInt(first(params, "page")) ?? 1;
  return { q, genre, year, status, sort, page };
}

/** The canonical catalog URL of a state; `changes` reset the page to 1 unless they set it. */
export function catalogHref(state: CatalogState, changes: Partial<CatalogState> = {}): string {
  const next: CatalogState = { ...state, page: "page" in changes ? (changes.page ?? 1) : 1, ...changes };
  const search = new URLSearchParams();
  if (next.q) search.set("q", next.q);
  if (next.genre) search.set("genre", next.genre);
  if (next.year !== null) search.set("year", String(next.year));
  if (next.status !== null) search.set("status", next.status);
  if (next.sort !== "title") search.set("sort", next.sort);
  if (next.page > 1) search.set("page", String(next.page));
  const query = search.toString();
  return query ? `/catalog?${query}` : "/catalog";
}

/** Query parameters of `GET /api/read/anime` for a state. */
export function catalogApiQuery(state: CatalogState, pageSize: number = CATALOG_PAGE_SIZE) {
  return {
    skip: (state.page - 1) * pageSize,
    limit: pageSize,
    sort: state.sort,
    ...(state.q ? { q: state.q } : {}),
    ...(state.genre ? { genre: state.genre } : {}),
    ...(state.year !== null ? { year: state.year } : {}),
    ...(state.status !== null ? { status: state.status } : {}),
  };
}

export function pageCount(total: number, pageSize: number = CATALOG_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Page numbers to show around the current one: first, last, current ± 2, with `null` for a gap. */
export function pageWindow(current: number, pages: number): (number | null)[] {
  const wanted = new Set([1, pages, current - 2, current - 1, current, current + 1, current + 2]);
  const sorted = [...wanted].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  let previous = 0;
  for (const p of sorted) {
    if (p - previous > 1) out.push(null);
    out.push(p);
    previous = p;
  }
  return out;
}
