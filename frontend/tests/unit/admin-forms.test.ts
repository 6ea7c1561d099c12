import { describe, expect, it } from "vitest";
import { countByDay, niceMax } from "@/components/admin/activity";
import { fieldErrors } from "@/lib/admin-api/errors";
import { loginHref, safeAdminNext } from "@/lib/admin-api/paths";
import { guardCookie } from "@/lib/admin-api/server";
import {
  animeBody,
  animeChanges,
  validateAnime,
  validateEpisode,
  validateVideo,
  type AnimeForm,
  type VideoForm,
} from "@/lib/admin-api/validation";
import { ApiError } from "@/lib/public-api/errors";

const anime: AnimeForm = {
  title: "Наруто",
  slug: "naruto",
  description: "",
  year: "2002",
  status: "completed",
  poster: "",
  genres: "Экшен, Комедия",
  alternative_titles: "Naruto\n\nナルト",
  is_active: true,
};

describe("anime form", () => {
  it("checks what write-api checks", () => {
    expect(validateAnime(anime)).toEqual({});
    expect(validateAnime({ ...anime, title: "  " }).title?.key).toBe("required");
    expect(validateAnime({ ...anime, year: "1899" }).year).toEqual({ key: "range", values: { min: 1900, max: 2100 } });
    expect(validateAnime({ ...anime, year: "2002.5" }).year?.key).toBe("integer");
    expect(validateAnime({ ...anime, slug: "Bad Slug" }).slug?.key).toBe("slug");
    expect(validateAnime({ ...anime, slug: "a--b" }).slug?.key).toBe("slug");
    expect(validateAnime({ ...anime, poster: "ftp://x" }).poster?.key).toBe("url");
    expect(
      validateAnime({ ...anime, genres: Array.from({ length: 51 }, (_, i) => `g${i}`).join(",") }).genres?.key,
    ).toBe("tooMany");
  });

  it("builds the body and sends only what changed", () => {
    expect(animeBody(anime)).toMatchObject({
      genres: ["Экшен", "Комедия"],
      alternative_titles: ["Naruto", "ナルト"],
      description: null,
      year: 2002,
    });
    expect(animeChanges(anime, { ...anime, title: "Наруто!" })).toEqual({ title: "Наруто!" });
    expect(animeChanges(anime, { ...anime, year: "" })).toEqual({ year: null });
    expect(animeChanges(anime, anime)).toEqual({});
  });
});

describe("episode and video forms", () => {
  it("episode bounds", () => {
    expect(validateEpisode({ number: "1", season: "", title: "", source_episode_id: "x" }, true)).toEqual({});
    expect(validateEpisode({ number: "", season: "-1", title: "", source_episode_id: "" }, true)).toMatchObject({
      number: { key: "required" },
      season: { key: "range" },
      source_episode_id: { key: "required" },
    });
  });

  it("video bounds", () => {
    const video: VideoForm = {
      type: "iframe",
      url: "//kodik.example/seria/1",
      source_name: "kodik",
      priority: "10",
      quality: "",
      translation_id: "",
      translation_title: "",
      translation_type: "",
      is_active: true,
    };
    expect(validateVideo(video)).toEqual({});
    expect(validateVideo({ ...video, url: "", priority: "2000000" })).toMatchObject({
      url: { key: "required" },
      priority: { key: "range" },
    });
  });

  it("maps the API's 422 details to fields", () => {
    const error = new ApiError(422, "VALIDATION_ERROR", "Validation error", null, [
      { loc: ["body", "year"], msg: "Input should be less than or equal to 2100" },
      { loc: ["body", "genres", 3], msg: "String should have at least 1 character" },
    ]);
    expect(fieldErrors(error)).toEqual({
      year: "Input should be less than or equal to 2100",
      genres: "String should have at least 1 character",
    });
    expect(fieldErrors(new Error("x"))).toEqual({});
  });
});

describe("panel paths and the guard cookie", () => {
  it("only comes back to panel paths", () => {
    expect(safeAdminNext("/admin/anime?q=x")).toBe("/admin/anime?q=x");
    expect(safeAdminNext("/catalog")).toBe("/admin");
    expect(safeAdminNext("//evil.example/admin")).toBe("/admin");
    expect(safeAdminNext("https://evil.example/admin")).toBe("/admin");
    expect(safeAdminNext("/admin/login")).toBe("/admin");
    expect(safeAdminNext("/administrator")).toBe("/admin");
    expect(loginHref("/admin/audit")).toBe("/admin/login?next=%2Fadmin%2Faudit");
    expect(loginHref("/admin")).toBe("/admin/login");
  });

  it("is HttpOnly, Strict, scoped to /admin and never outlives the token", () => {
    const now = 1_000_000_000_000;
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${b64({})}.${b64({ exp: now / 1000 + 600 })}.s`;
    expect(guardCookie(token, true, now)).toMatchObject({
      httpOnly: true,
      sameSite: "strict",
      path: "/admin",
      secure: true,
      maxAge: 600,
    });
  });
});

describe("dashboard activity", () => {
  it("counts per calendar day of the time zone, oldest first, 14 days", () => {
    const now = new Date("2026-03-15T10:00:00Z");
    const rows = countByDay(
      ["2026-03-15T09:00:00Z", "2026-03-14T22:30:00Z", "2026-01-01T00:00:00Z"],
      ["2026-03-02T12:00:00Z"],
      now,
      "Europe/Moscow",
    );
    expect(rows).toHaveLength(14);
    expect(rows[0]).toEqual({ day: "2026-03-02", updates: 0, edits: 1 });
    // 22:30 UTC on the 14th is already the 15th in Moscow.
    expect(rows[13]).toEqual({ day: "2026-03-15", updates: 2, edits: 0 });
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(13)).toBe(20);
  });
});
