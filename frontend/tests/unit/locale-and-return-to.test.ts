import { describe, expect, it } from "vitest";
import { negotiateLocale } from "@/i18n/locale";
import { safeReturnTo } from "@/lib/return-to";
import { ApiError, passwordProblem } from "@/lib/public-api/errors";

describe("negotiateLocale", () => {
  it("prefers the cookie", () => {
    expect(negotiateLocale("en", "ru-RU,ru;q=0.9")).toBe("en");
  });
  it("reads Accept-Language by quality", () => {
    expect(negotiateLocale(undefined, "de-DE,en;q=0.8,ru;q=0.5")).toBe("en");
    expect(negotiateLocale(undefined, "en;q=0.3,ru-RU;q=0.9")).toBe("ru");
    expect(negotiateLocale(null, "en-GB")).toBe("en");
  });
  it("defaults to Russian", () => {
    expect(negotiateLocale("fr", "fr-FR,de;q=0.9")).toBe("ru");
    expect(negotiateLocale(undefined, null)).toBe("ru");
    expect(negotiateLocale(undefined, "en;q=0")).toBe("ru");
  });
});

describe("safeReturnTo", () => {
  it("keeps same-site paths", () => {
    expect(safeReturnTo("/anime/naruto?x=1#e")).toBe("/anime/naruto?x=1#e");
    expect(safeReturnTo(["/catalog", "/evil"])).toBe("/catalog");
  });
  it("refuses everything else", () => {
    for (const bad of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "evil",
      "",
      "/login",
      "/%0d%0a",
      "/a\\b",
    ]) {
      expect(safeReturnTo(bad), bad).toBe(bad === "/%0d%0a" ? "/%0d%0a" : "/");
    }
    expect(safeReturnTo(undefined)).toBe("/");
    expect(safeReturnTo("/\u0000x")).toBe("/");
  });
});

describe("password problems named by auth's 422", () => {
  const words = { passwordShort: "short", passwordLong: "long", passwordCommon: "common" };
  const problem = (msg: string) =>
    passwordProblem(
      new ApiError(422, "VALIDATION_ERROR", "Validation error", null, [{ loc: ["body", "password"], msg }]),
      words,
    );

  it("tells a common password from a short or a long one", () => {
    expect(problem("Value error, Password is too common; choose one that is not on lists")).toBe("common");
    expect(problem("Value error, Password must be at most 72 bytes")).toBe("long");
    expect(problem("String should have at least 8 characters")).toBe("short");
  });
});
