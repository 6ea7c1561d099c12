/**
 * The panel's server-side guard. auth's refresh cookie is scoped to /api/v1/admin, so requests for /admin pages never
 * carry it; what they carry is the guard cookie: the admin's current access token (HttpOnly, SameSite=Strict, Path
 * /admin), set by `POST /admin/session` only after auth accepted the token as an admin's. Every admin page asks auth
 * (`GET /api/v1/admin/me`) whether that token is still an active admin's before it renders; otherwise it redirects to
 * the sign-in page, which renews the session from the refresh cookie when one exists. A marker that the server cannot
 * verify would prove nothing; a token auth checks does (signature, expiry, admin audience, revocation, `is_active`).
 *
 * Pages render no admin data on the server: the browser fetches it with its own token.
 */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { apiBaseUrl } from "../public-api/server";
import { ADMIN_PATH_HEADER, GUARD_COOKIE, loginHref } from "./paths";
import { tokenExpiry } from "../public-api/auth-client";
import type { Admin } from "./types";

const VERIFY_TIMEOUT_MS = 5_000;
/** A token's life (auth mints them for 15 minutes); the cookie never outlives its token. */
const MAX_COOKIE_SECONDS = 15 * 60;

export type Verdict = { admin: Admin } | { refused: 401 | 403 } | { unavailable: true };

/** Asks auth whether the token is an active admin's. */
export async function verifyAdminToken(token: string): Promise<Verdict> {
  if (!/^[A-Za-z0-9._~+/=-]{10,4096}$/.test(token)) return { refused: 401 };
  let response: Response;
  try {
    response = await fetch(`${apiBaseUrl()}/api/v1/admin/me`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: "no-store",
      signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
    });
  } catch {
    return { unavailable: true };
  }
  if (response.ok) return { admin: (await response.json()) as Admin };
  if (response.status === 401 || response.status === 403) return { refused: response.status };
  return { unavailable: true };
}

/** One check per request, however many server components ask. */
const currentAdmin = cache(async (): Promise<Verdict> => {
  const token = (await cookies()).get(GUARD_COOKIE)?.value;
  if (!token) return { refused: 401 };
  return verifyAdminToken(token);
});

/**
 * Every admin page (and the panel's layout) calls this first. No verified admin session: a redirect to the sign-in
 * page (307 before any byte of the page is sent), so an anonymous request never receives the panel's markup.
 * Auth unreachable: the same redirect (the sign-in page then says what is wrong) — never the page.
 */
export async function requireAdmin(): Promise<void> {
  const verdict = await currentAdmin();
  if (!("admin" in verdict)) redirect(loginHref((await headers()).get(ADMIN_PATH_HEADER) ?? "/admin"));
}

/** True when the request already carries a valid admin session (the sign-in page then goes straight on). */
export async function hasAdminSession(): Promise<boolean> {
  return "admin" in (await currentAdmin());
}

/** Cookie attributes for the guard cookie; `secure` when the request came over https. */
export function guardCookie(token: string, secure: boolean, now = Date.now()) {
  const expiry = tokenExpiry(token);
  const seconds =
    expiry === null ? MAX_COOKIE_SECONDS : Math.min(MAX_COOKIE_SECONDS, Math.floor((expiry - now) / 1000));
  return {
    name: GUARD_COOKIE,
    value: token,
    httpOnly: true,
    sameSite: "strict" as const,
    path: "/admin",
    secure,
    maxAge: Math.max(0, seconds),
  };
}
