import { NextResponse, type NextRequest } from "next/server";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE } from "@/i18n/locale";
import { safeReturnTo } from "@/lib/return-to";

/**
 * The language switch: `GET /locale?to=en` remembers the choice in a cookie (per browser, never in the URL) and goes
 * back to the page the viewer was on: `back` when given, else the same-site Referer, else the home page.
 */
export function GET(request: NextRequest) {
  const to = request.nextUrl.searchParams.get("to");
  const back = safeReturnTo(request.nextUrl.searchParams.get("back") ?? sameSiteReferer(request), {
    allowAuthPages: true,
  });
  const response = new NextResponse(null, { status: 303, headers: { Location: back, "Cache-Control": "no-store" } });
  if (isLocale(to)) {
    response.cookies.set(LOCALE_COOKIE, to, { path: "/", maxAge: LOCALE_COOKIE_MAX_AGE, sameSite: "lax" });
  }
  return response;
}

function sameSiteReferer(request: NextRequest): string | null {
  const referer = request.headers.get("referer");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!referer || !host) return null;
  try {
    const url = new URL(referer);
    return url.host === host ? `${url.pathname}${url.search}` : null;
  } catch {
    return null;
  }
}
