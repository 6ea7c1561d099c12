import { describe, expect, it } from "vitest";
import {
  catalogApiQuery,
  catalogHref,
  DEFAULT_CATALOG_STATE,
  pageCount,
  pageWindow,
  parseCatalogParams,
} from "@/lib/catalog-params";

const NOW = new Date("2026-11-30T00:00:00Z");

describe("parseCatalogParams", () => {
  it("reads every field of a shared link", () => {
    const state = parseCatalogParams(
      { q: "  Наруто  ", genre: "Экшен", year: "2002", status: "ongoing", sort: "-year", page: "3" },
      NOW,
    );
    expect(state).toEqual({ q: "Наруто", genre: "Экшен", year: 2002, status: "ongoing", sort: "-year", page: 3 });
  });

  it("falls back to defaults for anything malformed", () => {
    const state = parseCatalogParams(
      { q: ["a", "b"], year: "20x2", status: "airing", sort: "rating", page: "-1" },
      NOW,
    );
    expect(state).toEqual({ ...DEFAULT_CATALOG_STATE, q: "a" });
    expect(parseCatalogParams({ page: "0", year: "1800" }, NOW)).toEqual(DEFAULT_CATALOG_STATE);
    expect(parseCatalogParams({ year: "2040" }, NOW).year).toBeNull();
    expect(parseCatalogParams({ page: "99999999999" }, NOW).page).toBe(1);
  });

  it("bounds the search text", () => {
    expect(parseCatalogParams({ q: "x".repeat(500) }, NOW).q).toHaveLength(200);
    expect(parseCatalogParams({ q: "one   two\tthree" }, NOW).q).toBe("one two three");
  });

  it("accepts URLSearchParams", () => {
    expect(parseCatalogParams(new URLSearchParams("q=naruto&page=2"), NOW)).toMatchObject({ q: "naruto", page: 2 });
  });
});

describe("catalogHref", () => {
  it("omits defaults and round-trips", () => {
    expect(catalogHref(DEFAULT_CATALOG_STATE)).toBe("/catalog");
    const state = parseCatalogParams(
      { q: "Атака титанов", genre: "Драма", year: "2013", sort: "-updated_at", page: "2" },
      NOW,
    );
    const href = catalogHref(state, { page: 2 });
    expect(parseCatalogParams(new URL(href, "http://x").searchParams, NOW)).toEqual(state);
  });

  it("resets the page when a filter changes", () => {
    const state = { ...DEFAULT_CATALOG_STATE, page: 5 };
    expect(catalogHref(state, { status: "completed" })).toBe("/catalog?status=completed");
    expect(catalogHref(state, { page: 6 })).toBe("/catalog?page=6");
  });
});

describe("paging", () => {
  it("maps a page to skip/limit with only the filters that are set", () => {
    expect(catalogApiQuery({ ...DEFAULT_CATALOG_STATE, page: 3, genre: "Драма" }, 24)).toEqual({
      skip: 48,
      limit: 24,
      sort: "title",
      genre: "Драма",
    });
  });

  it("counts pages with no ceiling", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(24)).toBe(1);
    expect(pageCount(25)).toBe(2);
    expect(pageCount(100_000, 24)).toBe(4167);
  });

  it("shows a window with gaps", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 10)).toEqual([1, 2, 3, null, 10]);
    expect(pageWindow(6, 12)).toEqual([1, null, 4, 5, 6, 7, 8, null, 12]);
    expect(pageWindow(12, 12)).toEqual([1, null, 10, 11, 12]);
  });
});
