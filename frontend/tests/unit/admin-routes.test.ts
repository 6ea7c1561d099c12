/**
 * Every admin route of write-api and auth (their committed openapi.json) has a caller in the admin client
 * (src/lib/admin-api), and every function of that client is used by the panel.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AUTH_ADMIN_ROUTES } from "@/lib/admin-api/session";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const frontend = fileURLToPath(new URL("../../", import.meta.url));
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

function adminRoutes(service: string): string[] {
  const document = JSON.parse(readFileSync(`${root}services/${service}/openapi.json`, "utf8")) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const out: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    if (!path.startsWith("/api/v1/admin")) continue;
    for (const method of METHODS) if (operations[method]) out.push(`${method.toUpperCase()} ${path}`);
  }
  return out.sort();
}

const client = readFileSync(`${frontend}src/lib/admin-api/client.ts`, "utf8");

function clientCalls(): Set<string> {
  const calls = new Set<string>();
  for (const match of client.matchAll(/\b(?:api|authApi)\.(GET|POST|PUT|PATCH|DELETE)\(\s*"([^"]+)"/g)) {
    calls.add(`${match[1]} ${match[2]}`);
  }
  for (const [method, path] of Object.values(AUTH_ADMIN_ROUTES)) calls.add(`${method} ${path}`);
  return calls;
}

describe("the admin client covers the admin API", () => {
  it("calls every admin route of write-api", () => {
    const routes = adminRoutes("write-api");
    expect(routes.length).toBeGreaterThan(20);
    const calls = clientCalls();
    expect(
      routes.filter((route) => !calls.has(route)),
      "admin routes without a caller",
    ).toEqual([]);
  });

  it("calls every admin route of auth", () => {
    const routes = adminRoutes("auth");
    expect(routes).toContain("POST /api/v1/admin/login");
    const calls = clientCalls();
    expect(
      routes.filter((route) => !calls.has(route)),
      "auth admin routes without a caller",
    ).toEqual([]);
    // Each of auth's routes is really requested by the session (not only listed).
    const session = readFileSync(`${frontend}src/lib/admin-api/session.ts`, "utf8");
    for (const name of Object.keys(AUTH_ADMIN_ROUTES)) expect(session).toContain(`AUTH_ADMIN_ROUTES.${name}`);
  });

  it("calls no route that the API does not have", () => {
    const routes = new Set([...adminRoutes("write-api"), ...adminRoutes("auth")]);
    expect([...clientCalls()].filter((call) => !routes.has(call))).toEqual([]);
  });

  it("uses every client function somewhere in the panel", async () => {
    const { readdirSync } = await import("node:fs");
    const files = readdirSync(`${frontend}src/components/admin`).map((name) =>
      readFileSync(`${frontend}src/components/admin/${name}`, "utf8"),
    );
    const panel = files.join("\n");
    const functions = [...client.matchAll(/^ {4}(\w+): (?:async )?\(/gm)].map((match) => match[1]!);
    expect(functions.length).toBeGreaterThan(20);
    expect(functions.filter((name) => !new RegExp(`\\.${name}\\b`).test(panel))).toEqual([]);
  });
});
