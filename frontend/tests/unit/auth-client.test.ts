import { describe, expect, it, vi } from "vitest";
import { AuthClient, tokenExpiry } from "@/lib/public-api/auth-client";
import { ApiError } from "@/lib/public-api/errors";

function jwt(expSeconds: number, id = "a"): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${b64({ alg: "EdDSA" })}.${b64({ exp: expSeconds, jti: id })}.sig`;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function setup(now = 1_000_000_000_000) {
  const clock = { now };
  const timers: { callback: () => void; ms: number }[] = [];
  const fetchMock = vi.fn<typeof fetch>();
  const client = new AuthClient("unknown", {
    fetch: fetchMock,
    now: () => clock.now,
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => undefined,
    channel: null,
    withLock: (task) => task(),
  });
  return { client, fetchMock, clock, timers };
}

describe("tokenExpiry", () => {
  it("reads exp in milliseconds", () => {
    expect(tokenExpiry(jwt(1_700_000_000))).toBe(1_700_000_000_000);
    expect(tokenExpiry("opaque")).toBeNull();
    expect(tokenExpiry("a.!!!.c")).toBeNull();
  });
});

describe("AuthClient.refresh", () => {
  it("is single-flight: parallel callers share one request", async () => {
    const { client, fetchMock, clock } = setup();
    const token = jwt(clock.now / 1000 + 900);
    let release!: (r: Response) => void;
    fetchMock.mockReturnValueOnce(new Promise((resolve) => (release = resolve)));
    const calls = [client.refresh(), client.refresh(), client.refresh()];
    release(json(200, { access_token: token, token_type: "bearer" }));
    expect(await Promise.all(calls)).toEqual([token, token, token]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]?.[0]).toBe("/api/v1/auth/refresh");
    expect(client.state.status).toBe("signed-in");
  });

  it("signs out on 401 and reports a rate limit with its wait", async () => {
    const { client, fetchMock } = setup();
    fetchMock.mockResolvedValueOnce(
      json(401, { error: { code: "HTTP_ERROR", message: "Refresh token not found", trace_id: "t" } }),
    );
    expect(await client.refresh()).toBeNull();
    expect(client.state.status).toBe("anonymous");
    fetchMock.mockResolvedValueOnce(
      json(
        429,
        { error: { code: "RATE_LIMIT_EXCEEDED", message: "Too many requests", trace_id: "t" } },
        { "Retry-After": "42" },
      ),
    );
    const error = await client.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).retryAfterSeconds).toBe(42);
  });

  it("renews before expiry", async () => {
    const { client, fetchMock, clock, timers } = setup();
    fetchMock.mockResolvedValue(json(200, { access_token: jwt(clock.now / 1000 + 900), token_type: "bearer" }));
    await client.refresh();
    expect(timers.at(-1)?.ms).toBe(840_000); // 15 min − 60 s margin
    timers.at(-1)?.callback();
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
  });
});

describe("AuthClient.fetch", () => {
  it("refreshes once and retries once on 401", async () => {
    const { client, fetchMock, clock } = setup();
    const first = jwt(clock.now / 1000 + 900, "first");
    const second = jwt(clock.now / 1000 + 900, "second");
    client.adopt(first, false);
    fetchMock
      .mockResolvedValueOnce(new Response(null, { status: 401 })) // /me with the first token (revoked)
      .mockResolvedValueOnce(json(200, { access_token: second, token_type: "bearer" })) // refresh
      .mockResolvedValueOnce(json(200, { ok: true })); // retry
    const response = await client.fetch("/api/v1/users/me");
    expect(response.status).toBe(200);
    const auths = fetchMock.mock.calls.map(([, init]) => new Headers(init?.headers).get("Authorization"));
    expect(auths).toEqual([`Bearer ${first}`, null, `Bearer ${second}`]);
  });

  it("does not loop: a second 401 is returned to the caller", async () => {
    const { client, fetchMock, clock } = setup();
    client.adopt(jwt(clock.now / 1000 + 900, "x"), false);
    fetchMock
      .mockResolvedValueOnce(new Response(null, { status: 401 }))
      .mockResolvedValueOnce(json(200, { access_token: jwt(clock.now / 1000 + 900, "y"), token_type: "bearer" }))
      .mockResolvedValueOnce(new Response(null, { status: 401 }));
    expect((await client.fetch("/api/v1/me/library")).status).toBe(401);
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it("refreshes first when the token has expired, and parallel requests share that refresh", async () => {
    const { client, fetchMock, clock } = setup();
    client.adopt(jwt(clock.now / 1000 + 900, "old"), false);
    clock.now += 901_000;
    const fresh = jwt(clock.now / 1000 + 900, "fresh");
    fetchMock.mockImplementation(async (input) =>
      input === "/api/v1/auth/refresh" ? json(200, { access_token: fresh, token_type: "bearer" }) : json(200, {}),
    );
    await Promise.all([client.fetch("/a"), client.fetch("/b"), client.fetch("/c")]);
    const refreshes = fetchMock.mock.calls.filter(([input]) => input === "/api/v1/auth/refresh");
    expect(refreshes).toHaveLength(1);
  });

  it("answers 401 without a request when signed out", async () => {
    const { client, fetchMock } = setup();
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 401 }));
    expect((await client.fetch("/api/v1/me/library")).status).toBe(401);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

/** Two tabs: each end delivers what the other posts (as BroadcastChannel does), asynchronously. */
function channelPair() {
  type Listener = (event: MessageEvent) => void;
  const listeners: [Listener[], Listener[]] = [[], []];
  const end = (mine: 0 | 1) => ({
    postMessage: (message: unknown) => {
      for (const listener of listeners[mine === 0 ? 1 : 0]) {
        queueMicrotask(() => listener({ data: message } as MessageEvent));
      }
    },
    addEventListener: (_type: "message", listener: Listener) => listeners[mine].push(listener),
    close: () => undefined,
  });
  return [end(0), end(1)] as const;
}

describe("across tabs", () => {
  it("a new tab takes the token of an open tab instead of refreshing", async () => {
    const [a, b] = channelPair();
    const now = 1_000_000_000_000;
    const token = jwt(now / 1000 + 900, "shared");
    const fetchA = vi.fn<typeof fetch>();
    const fetchB = vi.fn<typeof fetch>();
    const common = {
      now: () => now,
      setTimer: (cb: () => void, ms: number) => setTimeout(cb, ms),
      clearTimer: () => undefined,
      withLock: <T>(task: () => Promise<T>) => task(),
    };
    const open = new AuthClient("signed-in", { ...common, fetch: fetchA, channel: a });
    open.adopt(token, false);
    const opened = new AuthClient("unknown", { ...common, fetch: fetchB, channel: b, peerWaitMs: 1_000 });
    expect(await opened.refresh()).toBe(token);
    expect(fetchB).not.toHaveBeenCalled();
    expect(opened.state.status).toBe("signed-in");
    open.dispose();
    opened.dispose();
  });

  it("refreshes when no tab answers, and signing out in one tab signs out the others", async () => {
    const [a, b] = channelPair();
    const now = 1_000_000_000_000;
    const common = {
      now: () => now,
      setTimer: (cb: () => void, ms: number) => setTimeout(cb, ms),
      clearTimer: () => undefined,
      withLock: <T>(task: () => Promise<T>) => task(),
    };
    const fetchA = vi
      .fn<typeof fetch>()
      .mockResolvedValue(json(200, { access_token: jwt(now / 1000 + 900), token_type: "bearer" }));
    const first = new AuthClient("unknown", { ...common, fetch: fetchA, channel: a, peerWaitMs: 10 });
    const second = new AuthClient("anonymous", { ...common, fetch: vi.fn<typeof fetch>(), channel: b });
    await first.refresh();
    expect(fetchA).toHaveBeenCalledWith("/api/v1/auth/refresh", expect.anything());
    await vi.waitFor(() => expect(second.state.status).toBe("signed-in")); // the new token was broadcast
    fetchA.mockResolvedValue(new Response(null, { status: 200 }));
    await first.signOut();
    await vi.waitFor(() => expect(second.state.status).toBe("anonymous"));
    expect(second.currentToken()).toBeNull();
    first.dispose();
    second.dispose();
  });
});
