/**
 * The public origin for canonical URLs, Open Graph and the sitemap: ANI_SITE_URL (production: the https origin
 * people use; `make dev` and the tests: the gateway's URL). Pages are rendered once and served to everyone, so the
 * origin cannot come from a request header.
 */
export function siteUrl(): URL {
  return new URL(process.env.ANI_SITE_URL ?? "http://127.0.0.1:8080");
}
