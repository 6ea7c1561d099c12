/**
 * The site's Content-Security-Policy, sent with every page by the proxy (src/proxy.ts).
 *
 * - Scripts and styles only from the site itself. Inline scripts stay allowed: Next.js streams each page's data in
 *   inline scripts, and pages are rendered once and served from the cache to everyone, so a per-request nonce is not
 *   possible; what the pages print is React-escaped text (provider descriptions included), never HTML.
 * - Players and posters come from the providers' hosts, over https (`extraOrigins`: the plain-http hosts of a dev or
 *   test stack, `ANI_CSP_MEDIA_ORIGINS`). hls.js fetches playlists and segments (`connect-src`), plays them through
 *   `blob:` media and may run a `blob:` worker.
 * - No plugins, no `<base>` tricks, forms post only to the site, and no other site may frame ours.
 */
export function contentSecurityPolicy(extraOrigins: readonly string[] = []): string {
  const extra = extraOrigins.filter((origin) => /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(origin)).join(" ");
  const media = (list: string) => (extra ? `${list} ${extra}` : list);
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    `img-src ${media("'self' data: https:")}`,
    `media-src ${media("'self' blob: https:")}`,
    `frame-src ${media("https:")}`,
    `connect-src ${media("'self' https:")}`,
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** `ANI_CSP_MEDIA_ORIGINS` (comma-separated origins), read at run time. */
export function mediaOriginsFromEnv(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
}
