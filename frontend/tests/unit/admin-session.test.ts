import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/public-api/errors";
import { AdminSession } from "@/lib/admin-api/session";

function jwt(expSeconds: number, id = "a"): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${b64({ alg: "EdDSA" })}.${b64({ exp: expSeconds, jti: id })}.sig`;
}

function json(status: number, body: unknown): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

const url = (input: RequestInfo | URL) => (input instanceof Request ? new URL(input.url).pathname : String(input));

function setup(now = 1_000_000_000_000) {
  const clock = { now };
  const fetchMock = vi.fn<typeof fetch>();
  const session = new AdminSession({
    fetch: fetchMock,
    now: () => clock.now,
    setTimer: () => 0,
    clearTimer: () => undefined,
    channel: null,
    withLock: (task) => task(),
  });
  return { session, fetchMock, clock };
}

describe("AdminSession", () => {
  it("refreshes once for parallel callers, with the admin cookie's route, and keeps the guard cookie in step", async () => {
    const { session, fetchMock, clock } = setup();
    const token = jwt(clock.now / 1000 + 900);
    fetchMock.mockImplementation(async (input) =>
      url(input) === "/api/v1/admin/refresh" ? json(200, { access_token: token }) : new Response(null, { status: 204 }),
    );
    const [a, b] = await Promise.all([session.refresh(), session.refresh()]);
    expect(a).toBe(token);
    expect(b).toBe(token);
    expect(fetchMock.mock.calls.map(([input]) => url(input))).toEqual(["/api/v1/admin/refresh", "/admin/session"]);
    const guard = fetchMock.mock.calls[1]![1]!;
    expect(guard.method).toBe("POST");
    expect(JSON.parse(String(guard.body))).toEqual({ token });
    expect(session.status).toBe("signed-in");
  });

  it("is anonymous when the refresh cookie is refused", async () => {
    const { session, fetchMock } = setup();
    fetchMock.mockResolvedValue(json(401, { error: { code: "HTTP_ERROR", message: "Not authenticated" } }));
    expect(await session.refresh()).toBeNull();
    expect(session.status).toBe("anonymous");
  });

  it("sends the bearer token, and on a 401 refreshes once and retries the same request", async () => {
    const { session, fetchMock, clock } = setup();
    const first = jwt(clock.now / 1000 + 900, "1");
    const second = jwt(clock.now / 1000 + 900, "2");
    let refreshes = 0;
    const seen: string[] = [];
    fetchMock.mockImplementation(async (input) => {
      const path = url(input);
      if (path === "/api/v1/admin/refresh") return json(200, { access_token: ++refreshes === 1 ? first : second });
      if (path === "/admin/session") return new Response(null, { status: 204 });
      const request = input as Request;
      seen.push(`${request.headers.get("Authorization")} ${await request.text()}`);
      return seen.length === 1 ? json(401, null) : json(200, { ok: true });
    });
    const response = await session.fetch(
      new Request("http://panel.test/api/v1/admin/anime/x", { method: "PATCH", body: '{"title":"A"}' }),
    );
    expect(response.status).toBe(200);
    expect(seen).toEqual([`Bearer ${first} {"title":"A"}`, `Bearer ${second} {"title":"A"}`]);
    expect(refreshes).toBe(2);
  });

  it("refuses a sign-in whose token the panel's server does not accept as an admin's", async () => {
    const { session, fetchMock, clock } = setup();
    fetchMock.mockImplementation(async (input) =>
      url(input) === "/api/v1/admin/login"
        ? json(200, { access_token: jwt(clock.now / 1000 + 900) })
        : json(403, { error: { code: "HTTP_ERROR", message: "Admin access required", trace_id: "" } }),
    );
    await expect(session.signIn("viewer@example.org", "password123")).rejects.toBeInstanceOf(ApiError);
    expect(session.status).toBe("anonymous");
    expect(session.currentToken()).toBeNull();
  });

  it("passes auth's refusal of the credentials on", async () => {
    const { session, fetchMock } = setup();
    fetchMock.mockResolvedValue(json(401, { error: { code: "HTTP_ERROR", message: "Invalid credentials" } }));
    const error = await session.signIn("a@example.org", "wrong-password").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
  });

  it("signs out at auth and drops the guard cookie", async () => {
    const { session, fetchMock } = setup();
    fetchMock.mockResolvedValue(new Response(null, { status: 200 }));
    await session.signOut();
    const calls = fetchMock.mock.calls.map(([input, init]) => `${init?.method} ${url(input)}`).sort();
    expect(calls).toEqual(["DELETE /admin/session", "POST /api/v1/admin/logout"]);
    expect(session.status).toBe("anonymous");
  });
});
