/**
 * The admin's browser session. Same shape as the public site's session (src/lib/public-api/auth-client.ts), with
 * the admin routes of auth and its own cookie:
 *
 * - the access token lives in this object's memory only; auth's HttpOnly `admin_refresh_token` cookie (Path
 *   /api/v1/admin) renews it silently shortly before it expires, after a reload, and once on a 401;
 * - `refresh()` is single-flight; across tabs a Web Lock serialises refreshes and a BroadcastChannel hands the new
 *   token (or the sign-out) to the other tabs, so two tabs never present the same rotated cookie;
 * - every new token is also handed to the panel's own route (`POST /admin/session`), which checks it with auth and
 *   keeps it in the guard cookie (HttpOnly, Path /admin): that is how the server, which never sees the refresh cookie,
 *   knows that a request for an admin page comes from a signed-in admin (src/lib/admin-api/server.ts).
 */
import { tokenExpiry, withWebLock } from "../public-api/auth-client";
import { ApiError, ApiUnavailableError, errorFromResponse } from "../public-api/errors";
import { ADMIN_SESSION_ROUTE } from "./paths";
import type { Admin, TokenResponse } from "./types";

export type SessionStatus = "unknown" | "anonymous" | "signed-in";

interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface AdminSessionOptions {
  fetch?: typeof fetch;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  channel?: ChannelLike | null;
  withLock?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Renew this long before `exp` (ms). */
  refreshMarginMs?: number;
}

type ChannelMessage = { type: "token"; token: string } | { type: "logout" };

/** auth's admin routes (services/auth/openapi.json); tests/unit/admin-routes.test.ts checks each has a caller. */
export const AUTH_ADMIN_ROUTES = {
  login: ["POST", "/api/v1/admin/login"],
  refresh: ["POST", "/api/v1/admin/refresh"],
  logout: ["POST", "/api/v1/admin/logout"],
  me: ["GET", "/api/v1/admin/me"],
} as const;

const LOCK_NAME = "ani-admin-refresh";

function unavailable(cause: unknown): ApiUnavailableError {
  return new ApiUnavailableError(cause instanceof Error ? cause.message : "network error");
}

export class AdminSession {
  private token: string | null = null;
  private expiresAt = 0;
  private receivedAt = 0;
  private inflight: Promise<string | null> | null = null;
  private timer: unknown = null;
  private readonly listeners = new Set<(status: SessionStatus) => void>();
  private readonly doFetch: typeof fetch;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly channel: ChannelLike | null;
  private readonly withLock: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly margin: number;
  status: SessionStatus = "unknown";

  constructor(options: AdminSessionOptions = {}) {
    this.doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.withLock = options.withLock ?? ((task) => withWebLock(LOCK_NAME, task));
    this.margin = options.refreshMarginMs ?? 60_000;
    this.channel =
      options.channel !== undefined
        ? options.channel
        : typeof BroadcastChannel !== "undefined"
          ? new BroadcastChannel("ani-admin-auth")
          : null;
    this.channel?.addEventListener("message", (event) => this.onChannelMessage(event.data as ChannelMessage));
  }

  subscribe(listener: (status: SessionStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  currentToken(): string | null {
    return this.token !== null && this.now() < this.expiresAt - 5_000 ? this.token : null;
  }

  /** A new access token from the admin refresh cookie; null when there is no admin session. */
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
      if (this.receivedAt > askedAt && this.currentToken() !== null) return this.token;
      const [method, path] = AUTH_ADMIN_ROUTES.refresh;
      let response: Response;
      try {
        response = await this.doFetch(path, { method, credentials: "same-origin" });
      } catch (cause) {
        throw unavailable(cause);
      }
      if (response.ok) {
        const body = (await response.json()) as TokenResponse;
        await this.adopt(body.access_token, true);
        return body.access_token;
      }
      if (response.status === 401 || response.status === 403) {
        this.clear(false);
        return null;
      }
      throw await errorFromResponse(response);
    });
  }

  /** Sign in with the admin's credentials; a viewer's account is refused by auth (401/403). */
  async signIn(email: string, password: string): Promise<void> {
    const [method, path] = AUTH_ADMIN_ROUTES.login;
    let response: Response;
    try {
      response = await this.doFetch(path, {
        method,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
    } catch (cause) {
      throw unavailable(cause);
    }
    if (!response.ok) throw await errorFromResponse(response);
    const body = (await response.json()) as TokenResponse;
    await this.adopt(body.access_token, true);
  }

  /** End the session at auth (deletes the refresh cookie), drop the guard cookie, and sign out every tab. */
  /** A token auth answered to a request of this session (a password change): this tab and the others use it. */
  async acceptToken(token: string): Promise<void> {
    await this.adopt(token, true);
  }

  async signOut(): Promise<void> {
    const [method, path] = AUTH_ADMIN_ROUTES.logout;
    try {
      await Promise.allSettled([
        this.doFetch(path, { method, credentials: "same-origin" }),
        this.doFetch(ADMIN_SESSION_ROUTE, { method: "DELETE", credentials: "same-origin" }),
      ]);
    } finally {
      this.clear(true);
    }
  }

  /**
   * A request with the bearer token: without a token, one refresh first; on 401, one refresh (unless a newer token
   * arrived meanwhile) and one retry. Accepts what openapi-fetch hands its `fetch` (a Request).
   */
  async fetch(request: Request): Promise<Response> {
    const retry = request.clone();
    const token = this.currentToken() ?? (await this.refresh());
    if (token === null) return new Response(null, { status: 401 });
    const first = await this.send(request, token);
    if (first.status !== 401) return first;
    const newer = this.token !== null && this.token !== token ? this.currentToken() : null;
    const retryToken = newer ?? (await this.refresh());
    if (retryToken === null) return first;
    return this.send(retry, retryToken);
  }

  /** The signed-in admin (auth's `GET /api/v1/admin/me`). */
  async me(): Promise<Admin> {
    const [method, path] = AUTH_ADMIN_ROUTES.me;
    const base = typeof location !== "undefined" ? location.origin : "http://localhost";
    const response = await this.fetch(new Request(new URL(path, base), { method }));
    if (!response.ok) throw await errorFromResponse(response);
    return (await response.json()) as Admin;
  }

  private async send(request: Request, token: string): Promise<Response> {
    const headers = new Headers(request.headers);
    headers.set("Authorization", `Bearer ${token}`);
    try {
      return await this.doFetch(new Request(request, { headers, credentials: "same-origin" }));
    } catch (cause) {
      throw unavailable(cause);
    }
  }

  /** Take a token: remember it, schedule its renewal, hand it to the guard cookie and the other tabs. */
  private async adopt(token: string, own: boolean): Promise<void> {
    this.token = token;
    this.receivedAt = this.now();
    this.expiresAt = tokenExpiry(token) ?? this.now() + 5 * 60_000;
    this.schedule();
    if (own) {
      this.channel?.postMessage({ type: "token", token } satisfies ChannelMessage);
      await this.syncGuard(token);
    }
    this.setStatus("signed-in");
  }

  /** The server checks the token with auth before it sets the cookie: a viewer's token is refused (403). */
  private async syncGuard(token: string): Promise<void> {
    let response: Response;
    try {
      response = await this.doFetch(ADMIN_SESSION_ROUTE, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token }),
      });
    } catch (cause) {
      throw unavailable(cause);
    }
    if (!response.ok) {
      this.clear(false);
      const error = await errorFromResponse(response);
      throw error instanceof ApiError ? error : new ApiError(response.status, "AUTHORIZATION_ERROR", error.message);
    }
  }

  clear(broadcast: boolean): void {
    this.token = null;
    this.expiresAt = 0;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    if (broadcast) this.channel?.postMessage({ type: "logout" } satisfies ChannelMessage);
    this.setStatus("anonymous");
  }

  dispose(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.channel?.close();
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    const delay = Math.max(5_000, this.expiresAt - this.margin - this.now());
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.refresh().catch(() => {
        this.timer = this.setTimer(() => void this.refresh().catch(() => undefined), 30_000);
      });
    }, delay);
  }

  private onChannelMessage(message: ChannelMessage): void {
    if (message.type === "token") void this.adopt(message.token, false);
    else if (message.type === "logout") this.clear(false);
  }

  private setStatus(status: SessionStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}
