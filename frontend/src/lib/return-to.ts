/**
 * Where to go after signing in: only a path on this site. Anything else (another origin, a protocol-relative
 * `//host`, a backslash trick, a scheme) falls back to the home page.
 */
export function safeReturnTo(
  value: string | string[] | null | undefined,
  { allowAuthPages = false }: { allowAuthPages?: boolean } = {},
): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return "/";
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\\]/.test(raw)) return "/";
  try {
    const url = new URL(raw, "http://site.invalid");
    if (url.origin !== "http://site.invalid") return "/";
    if (!allowAuthPages && (url.pathname === "/login" || url.pathname === "/register")) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
