import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOG_STATE, parseCatalogParams } from "@/lib/catalog-params";
import { catalogViewSegment, stateFromViewSegment } from "@/lib/catalog-view";

describe("the catalog's route segment (src/proxy.ts)", () => {
  it("is `all` for the plain catalog", () => {
    expect(catalogViewSegment(DEFAULT_CATALOG_STATE)).toBe("all");
    expect(stateFromViewSegment("all")).toEqual(DEFAULT_CATALOG_STATE);
  });

  it("round-trips any state, whatever characters the search has", () => {
    for (const query of [
      "q=Fate/Zero&page=3",
      "q=100%25 & more?#",
      "genre=Сёнен&year=2002&status=ongoing&sort=-year",
    ]) {
      const state = parseCatalogParams(new URLSearchParams(query));
      const segment = catalogViewSegment(state);
      expect(segment).toMatch(/^v[A-Za-z0-9_-]+$/);
      expect(stateFromViewSegment(segment)).toEqual(state);
    }
  });

  it("is canonical: equivalent URLs share one segment (one cached page)", () => {
    const a = parseCatalogParams(new URLSearchParams("page=1&sort=title&q=naruto"));
    const b = parseCatalogParams(new URLSearchParams("q=%20naruto%20"));
    expect(catalogViewSegment(a)).toBe(catalogViewSegment(b));
  });

  it("treats a forged segment as the plain catalog", () => {
    expect(stateFromViewSegment("../../etc")).toEqual(DEFAULT_CATALOG_STATE);
    expect(stateFromViewSegment("v" + "A".repeat(5000))).toEqual(DEFAULT_CATALOG_STATE);
  });
});
