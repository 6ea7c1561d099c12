/** The panel's own paths, shared by the server guard, the session route and the browser. */
export const ADMIN_HOME = "/admin";
export const ADMIN_LOGIN = "/admin/login";
/** Next.js route handler that turns a verified admin access token into the guard cookie (see server.ts). */
export const ADMIN_SESSION_ROUTE = "/admin/session";
/** HttpOnly, SameSite=Strict, Path=/admin: sent only with requests for the panel's own pages. */
export const GUARD_COOKIE = "ani_admin_session";
/** Set by src/proxy.ts on requests for /admin pages: the path and query, so the guard can come back to them. */
export const ADMIN_PATH_HEADER = "x-ani-admin-path";

/** Where to go after signing in: a panel path only; anything else falls back to the dashboard. */
export function safeAdminNext(value: string | string[] | null | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return ADMIN_HOME;
  if (/[\u0000-\u001f\\]/.test(raw) || raw.startsWith("//")) return ADMIN_HOME;
  try {
    const url = new URL(raw, "http://panel.invalid");
    if (url.origin !== "http://panel.invalid") return ADMIN_HOME;
    if (url.pathname !== ADMIN_HOME && !url.pathname.startsWith(`${ADMIN_HOME}/`)) return ADMIN_HOME;
    if (url.pathname === ADMIN_LOGIN || url.pathname === ADMIN_SESSION_ROUTE) return ADMIN_HOME;
    return `${url.pathname}${url.search}`;
  } catch {
    return ADMIN_HOME;
  }
}

export function loginHref(next: string): string {
  const target = safeAdminNext(next);
  return target === ADMIN_HOME ? ADMIN_LOGIN : `${ADMIN_LOGIN}?next=${encodeURIComponent(target)}`;
}
