import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, mediaOriginsFromEnv } from "@/lib/csp";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe("the site's Content-Security-Policy", () => {
  it("allows scripts only from the site, no plugins, no framing by others", () => {
    const policy = directives(contentSecurityPolicy());
    expect(policy.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("frame-src")).toEqual(["https:"]);
  });

  it("adds the plain-http media hosts of a dev stack to frames, images, media and fetches only", () => {
    const policy = directives(contentSecurityPolicy(["http://127.0.0.1:18390"]));
    for (const name of ["frame-src", "img-src", "media-src", "connect-src"]) {
      expect(policy.get(name)).toContain("http://127.0.0.1:18390");
    }
    expect(policy.get("script-src")).not.toContain("http://127.0.0.1:18390");
  });

  it("ignores values that are not origins (no directive injection)", () => {
    const policy = contentSecurityPolicy(["http://ok.example", "https://x.example; script-src *", "javascript:1"]);
    expect(policy).toContain("http://ok.example");
    expect(policy).not.toContain("script-src *");
    expect(policy).not.toContain("javascript:");
    expect(mediaOriginsFromEnv(" http://a:1 , ,https://b ")).toEqual(["http://a:1", "https://b"]);
  });
});
