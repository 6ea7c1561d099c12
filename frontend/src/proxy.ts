import { NextResponse, type NextRequest } from "next/server";
import { parseCatalogParams } from "@/lib/catalog-params";
import { catalogViewSegment } from "@/lib/catalog-view";
import { LOCALE_COOKIE, negotiateLocale } from "@/i18n/locale";
import { contentSecurityPolicy, mediaOriginsFromEnv } from "@/lib/csp";

const CSP = contentSecurityPolicy(mediaOriginsFromEnv(process.env.ANI_CSP_MEDIA_ORIGINS));

/**
 * Every page URL stays as people see it (`/anime/naruto`, `/catalog?genre=…`), and is rewritten inside the server to
 * a route that names its language (`/ru/anime/naruto`, `/ru/catalog/genre%3D…`). That makes each page a pure
 * function of its path, so Next.js renders it once and serves it from its cache for a second or so
 * (`revalidate` in the pages, `expireTime` in next.config.ts) instead of rendering it for every request.
 */
export function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  // The admin panel (src/app/admin) is one language-independent tree: no rewrite. Its server-side guard gets the
  // requested path, to come back to it after signing in (a header name, not an import: public code never imports
  // admin code).
  if (pathname === "/admin" || pathname.startsWith("/admin/")) {
    const headers = new Headers(request.headers);
    headers.set("x-ani-admin-path", `${pathname}${request.nextUrl.search}`);
    const response = NextResponse.next({ request: { headers } });
    response.headers.set("Cache-Control", "private, no-store");
    response.headers.set("Content-Security-Policy", CSP);
    return response;
  }
  const locale = negotiateLocale(request.cookies.get(LOCALE_COOKIE)?.value, request.headers.get("accept-language"));
  const target =
    pathname === "/catalog" || pathname === "/catalog/"
      ? `/${locale}/catalog/${catalogViewSegment(parseCatalogParams(searchParams))}`
      : `/${locale}${pathname === "/" ? "" : pathname}${request.nextUrl.search}`;
  // Resolved against request.url (the server's own origin): a destination on another origin (the Host header the
  // gateway passes through) would be proxied as an external URL instead of routed inside this server.
  const url = new URL(target, request.url);
  const response = NextResponse.rewrite(url);
  // One URL, two languages: shared caches must key on what chose the language.
  response.headers.set("Vary", "Accept-Language, Cookie");
  response.headers.set("Content-Security-Policy", CSP);
  return response;
}

export const config = {
  // Pages only: not the assets, the APIs (routed to the services by the gateway before they reach us), the
  // language switch, the sitemap, robots.txt, or files with an extension (favicon.svg).
  matcher: ["/((?!_next/|api/|locale$|sitemap\\.xml$|robots\\.txt$|.*\\.[a-z0-9]+$).*)"],
};
