/**
 * The browser's session: the access token lives in this object's memory only (never in storage); the HttpOnly
 * refresh cookie set by auth renews it.
 *
 * - `refresh()` is single-flight: parallel callers share one request; across tabs a Web Lock serialises refreshes
 *   and a BroadcastChannel hands the new token to the other tabs, so two tabs never present the same rotated cookie
 *   (which auth would treat as reuse and revoke the whole session family).
 * - `fetch()` adds the bearer token; a 401 triggers one refresh and one retry, never more.
 * - The token is renewed shortly before it expires, and after a reload (the page starts with no token).
 */
import { ApiUnavailableError, errorFromResponse } from "./errors";
import type { TokenResponse } from "./types";

export type AuthStatus = "unknown" | "anonymous" | "signed-in";
export interface AuthState {
  status: AuthStatus;
}

interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface AuthClientOptions {
  fetch?: typeof fetch;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  channel?: ChannelLike | null;
  withLock?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Renew this long before `exp` (ms). */
  refreshMarginMs?: number;
  /** How long a tab that starts without a token waits for another tab to hand it one (ms). */
  peerWaitMs?: number;
  /** Remembers whether this browser has a session (not the token: only whether a refresh is worth trying). */
  hint?: SessionHint;
}

export interface SessionHint {
  get(): boolean;
  set(value: boolean): void;
}

const HINT_KEY = "ani_session";

/** The hint in localStorage; pages are the same for everyone, so only the browser knows it has a session. */
export const storageHint: SessionHint = {
  get: () => {
    try {
      return globalThis.localStorage?.getItem(HINT_KEY) === "1";
    } catch {
      return false;
    }
  },
  set: (value) => {
    try {
      if (value) globalThis.localStorage?.setItem(HINT_KEY, "1");
      else globalThis.localStorage?.removeItem(HINT_KEY);
    } catch {
      // storage disabled: every load then starts signed out until the viewer signs in
    }
  },
};

type ChannelMessage = { type: "token"; token: string } | { type: "logout" } | { type: "request" };

const REFRESH_PATH = "/api/v1/auth/refresh";
const LOCK_NAME = "ani-auth-refresh";

/** `exp` of a JWT in milliseconds, or null when the token cannot be read (it is opaque to us otherwise). */
export function tokenExpiry(token: string): number | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(
      payload
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(payload.length / 4) * 4, "="),
    );
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Run `task` holding the browser-wide Web Lock `name` (every tab of the origin), or at once where there are none. */
export function withWebLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  return locks ? (locks.request(name, task) as Promise<T>) : task();
}

export class AuthClient {
  private token: string | null = null;
  private expiresAt = 0;
  private receivedAt = 0;
  private inflight: Promise<string | null> | null = null;
  private timer: unknown = null;
  private readonly listeners = new Set<(state: AuthState) => void>();
  private readonly doFetch: typeof fetch;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly channel: ChannelLike | null;
  private readonly withLock: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly margin: number;
  private readonly peerWait: number;
  private readonly peerWaiters = new Set<(token: string | null) => void>();
  private readonly hint: SessionHint | null;
  state: AuthState;

  /** `initial`: "unknown" when a session may exist (then call `refresh()`); omitted: decided by the hint. */
  constructor(initial: AuthStatus | null, options: AuthClientOptions = {}) {
    this.hint = options.hint ?? null;
    this.state = { status: initial ?? (this.hint?.get() ? "unknown" : "anonymous") };
    this.doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.withLock = options.withLock ?? ((task) => withWebLock(LOCK_NAME, task));
    this.margin = options.refreshMarginMs ?? 60_000;
    this.peerWait = options.peerWaitMs ?? 150;
    this.channel =
      options.channel !== undefined
        ? options.channel
        : typeof BroadcastChannel !== "undefined"
          ? new BroadcastChannel("ani-auth")
          : null;
    this.channel?.addEventListener("message", (event) => this.onChannelMessage(event.data as ChannelMessage));
  }

  subscribe(listener: (state: AuthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current token when it is still valid for a while, without any request. */
  currentToken(): string | null {
    return this.token !== null && this.now() < this.expiresAt - 5_000 ? this.token : null;
  }

  /** Renew the access token with the refresh cookie. Null when there is no session (signed out). */
  refresh(): Promise<string | null> {
    if (this.inflight === null) {
      this.inflight = this.refreshOnce().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async refreshOnce(): Promise<string | null> {
    const askedAt = this.now();
    return this.withLock(async () => {
      // Another tab may have refreshed while this one waited for the lock: its token arrived by the channel.
      if (this.receivedAt > askedAt && this.currentToken() !== null) return this.token;
      // A tab that starts without a token (a reload, a title opened in a new tab) first asks the open tabs: opening
      // ten tabs then costs one refresh, not ten (auth allows a few refreshes a minute per session).
      if (this.token === null) {
        const shared = await this.askPeers();
        if (shared !== null) return shared;
      }
      let response: Response;
      try {
        response = await this.doFetch(REFRESH_PATH, { method: "POST", credentials: "same-origin" });
      } catch (cause) {
        throw new ApiUnavailableError(cause instanceof Error ? cause.message : "network error");
      }
      if (response.ok) {
        const body = (await response.json()) as TokenResponse;
        this.adopt(body.access_token, true);
        return body.access_token;
      }
      if (response.status === 401) {
        this.clear(false);
        return null;
      }
      throw await errorFromResponse(response);
    });
  }

  /** Take a token from login, registration, a refresh or another tab. */
  adopt(token: string, broadcast: boolean): void {
    this.token = token;
    this.receivedAt = this.now();
    this.expiresAt = tokenExpiry(token) ?? this.now() + 5 * 60_000;
    if (broadcast) this.channel?.postMessage({ type: "token", token } satisfies ChannelMessage);
    this.hint?.set(true);
    this.schedule();
    this.setState({ status: "signed-in" });
  }

  /** Forget the session in this tab (and, with `broadcast`, in the others). */
  clear(broadcast: boolean): void {
    this.token = null;
    this.expiresAt = 0;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    if (broadcast) this.channel?.postMessage({ type: "logout" } satisfies ChannelMessage);
    this.hint?.set(false);
    this.setState({ status: "anonymous" });
  }

  /**
   * A request with the bearer token. Without a token, one refresh first; on 401, one refresh (unless a newer token
   * already arrived meanwhile) and one retry. Returns the last response; the caller reads its status.
   */
  async fetch(input: string, init: RequestInit = {}): Promise<Response> {
    const token = this.currentToken() ?? (await this.refresh());
    if (token === null) return new Response(null, { status: 401 });
    const first = await this.send(input, init, token);
    if (first.status !== 401) return first;
    const newer = this.token !== null && this.token !== token ? this.currentToken() : null;
    const retryToken = newer ?? (await this.refresh());
    if (retryToken === null) return first;
    return this.send(input, init, retryToken);
  }

  private send(input: string, init: RequestInit, token: string): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${token}`);
    return this.doFetch(input, { ...init, headers, credentials: "same-origin" });
  }

  /** POST credentials to login or register; on success the session starts in every tab. */
  async signIn(path: "/api/v1/auth/login" | "/api/v1/auth/register", email: string, password: string): Promise<void> {
    let response: Response;
    try {
      response = await this.doFetch(path, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
    } catch (cause) {
      throw new ApiUnavailableError(cause instanceof Error ? cause.message : "network error");
    }
    if (!response.ok) throw await errorFromResponse(response);
    const body = (await response.json()) as TokenResponse;
    this.adopt(body.access_token, true);
  }

  /** End this session at auth (deletes the cookie) and in every tab. Succeeds even when offline. */
  async signOut(): Promise<void> {
    try {
      await this.doFetch("/api/v1/auth/logout", { method: "POST", credentials: "same-origin" });
    } finally {
      this.clear(true);
    }
  }

  dispose(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.channel?.close();
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    const delay = Math.max(5_000, this.expiresAt - this.margin - this.now());
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.refresh().catch(() => {
        // Offline or rate limited: the next request (or the next tick) tries again.
        this.timer = this.setTimer(() => void this.refresh().catch(() => undefined), 30_000);
      });
    }, delay);
  }

  private askPeers(): Promise<string | null> {
    const channel = this.channel;
    if (channel === null) return Promise.resolve(null);
    return new Promise((resolve) => {
      const finish = (token: string | null) => {
        this.peerWaiters.delete(finish);
        resolve(token);
      };
      this.peerWaiters.add(finish);
      this.setTimer(() => finish(null), this.peerWait);
      channel.postMessage({ type: "request" } satisfies ChannelMessage);
    });
  }

  private onChannelMessage(message: ChannelMessage): void {
    if (message.type === "token") {
      this.adopt(message.token, false);
      const token = this.currentToken();
      for (const waiter of [...this.peerWaiters]) waiter(token);
    } else if (message.type === "logout") {
      this.clear(false);
    } else if (message.type === "request") {
      const token = this.currentToken();
      if (token !== null) this.channel?.postMessage({ type: "token", token } satisfies ChannelMessage);
    }
  }

  private setState(state: AuthState): void {
    if (state.status === this.state.status) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
