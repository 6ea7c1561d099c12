/**
 * The viewer's own data, from the browser, with the viewer's token (AuthClient.fetch: one refresh and one retry on
 * 401). Reads come from read-api's read models (`/api/read/me/*`), writes go to write-api (`/api/v1/me/*`) and auth.
 */
import type { AuthClient } from "./auth-client";
import { ApiUnavailableError, errorFromResponse, SignedOutError } from "./errors";
import type {
  ContinueItem,
  HistoryItem,
  LibraryEntry,
  LibraryItem,
  LibraryStatus,
  ProgressItem,
  SessionItem,
  TitleState,
  TokenResponse,
} from "./types";

async function call(client: AuthClient, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await client.fetch(path, init);
  } catch (cause) {
    if (cause instanceof Error && cause.name !== "TypeError") throw cause;
    throw new ApiUnavailableError(cause instanceof Error ? cause.message : "network error");
  }
  if (response.status === 401) throw new SignedOutError();
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

async function json<T>(client: AuthClient, path: string, init: RequestInit = {}): Promise<T> {
  return (await (await call(client, path, init)).json()) as T;
}

function jsonBody(method: string, body: unknown): RequestInit {
  return { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

const enc = encodeURIComponent;

export const me = {
  titleState: (client: AuthClient, titleId: string) =>
    json<TitleState>(client, `/api/read/me/titles/${enc(titleId)}`, { cache: "no-store" }),
  continueWatching: (client: AuthClient, limit = 12) =>
    json<ContinueItem[]>(client, `/api/read/me/continue?limit=${limit}`, { cache: "no-store" }),
  library: (client: AuthClient) => json<LibraryEntry[]>(client, "/api/read/me/library", { cache: "no-store" }),
  putLibrary: (
    client: AuthClient,
    titleId: string,
    change: { status?: LibraryStatus; is_favorite?: boolean; score?: number | null },
  ) => json<LibraryItem>(client, `/api/v1/me/library/${enc(titleId)}`, jsonBody("PUT", change)),
  removeFromLibrary: (client: AuthClient, titleId: string) =>
    call(client, `/api/v1/me/library/${enc(titleId)}`, { method: "DELETE" }).then(() => undefined),
  history: (client: AuthClient, options: { limit?: number; before?: string } = {}) => {
    const query = new URLSearchParams({ limit: String(options.limit ?? 30) });
    if (options.before) query.set("before", options.before);
    return json<HistoryItem[]>(client, `/api/v1/me/history?${query}`, { cache: "no-store" });
  },
  deleteHistoryEntry: (client: AuthClient, id: number) =>
    call(client, `/api/v1/me/history/${id}`, { method: "DELETE" }).then(() => undefined),
  clearHistory: (client: AuthClient) => json<{ message: string }>(client, "/api/v1/me/history", { method: "DELETE" }),
  sessions: (client: AuthClient) => json<SessionItem[]>(client, "/api/v1/auth/sessions", { cache: "no-store" }),
  revokeSession: (client: AuthClient, id: string) =>
    call(client, `/api/v1/auth/sessions/${enc(id)}`, { method: "DELETE" }).then(() => undefined),
  logoutAll: (client: AuthClient) => call(client, "/api/v1/auth/logout-all", { method: "POST" }).then(() => undefined),
  changePassword: (client: AuthClient, currentPassword: string, newPassword: string) =>
    json<TokenResponse>(
      client,
      "/api/v1/auth/password",
      jsonBody("POST", { current_password: currentPassword, new_password: newPassword }),
    ),
};

/** PUT one progress record (the progress queue's sender). */
export async function putProgress(
  client: AuthClient,
  record: { episodeId: string; titleId: string; position: number; duration: number; translationId: string | null },
  keepalive: boolean,
): Promise<{ status: number; retryAfter: number | null; body?: ProgressItem }> {
  const body: Record<string, unknown> = {
    title_id: record.titleId,
    position_seconds: record.position,
    duration_seconds: record.duration,
  };
  if (record.translationId !== null) body.translation_id = record.translationId;
  const init: RequestInit = { ...jsonBody("PUT", body), keepalive };
  const path = `/api/v1/me/progress/${enc(record.episodeId)}`;
  // On the way out of the page there is no time for a refresh: send with the token at hand, or keep the record.
  const response = keepalive ? await sendWithCurrentToken(client, path, init) : await client.fetch(path, init);
  const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
  return { status: response.status, retryAfter: Number.isFinite(retryAfter) ? retryAfter : null };
}

async function sendWithCurrentToken(client: AuthClient, path: string, init: RequestInit): Promise<Response> {
  const token = client.currentToken();
  if (token === null) return new Response(null, { status: 401 });
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return fetch(path, { ...init, headers, credentials: "same-origin" });
}
