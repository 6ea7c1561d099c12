import { NextResponse, type NextRequest } from "next/server";
import { GUARD_COOKIE } from "@/lib/admin-api/paths";
import { guardCookie, verifyAdminToken } from "@/lib/admin-api/server";

/**
 * The guard cookie (see src/lib/admin-api/server.ts). `POST {token}`: auth must accept the token as an active
 * admin's (a viewer's token is refused with 403, an invalid one with 401), then it is kept HttpOnly for /admin.
 * `DELETE`: sign-out. Same-origin JSON only (a cross-site form cannot send it).
 */
export const dynamic = "force-dynamic";

function envelope(status: number, code: string, message: string) {
  return NextResponse.json(
    { error: { code, message, trace_id: "" } },
    { status, headers: { "Cache-Control": "no-store" } },
  );
}

function crossSite(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

function isHttps(request: NextRequest): boolean {
  return (request.headers.get("x-forwarded-proto") ?? request.nextUrl.protocol.replace(":", "")) === "https";
}

export async function POST(request: NextRequest) {
  if (crossSite(request)) return envelope(403, "HTTP_ERROR", "Cross-site request refused");
  if (!request.headers.get("content-type")?.startsWith("application/json")) {
    return envelope(415, "HTTP_ERROR", "JSON expected");
  }
  let token: unknown;
  try {
    token = ((await request.json()) as { token?: unknown }).token;
  } catch {
    token = null;
  }
  if (typeof token !== "string" || token.length === 0) {
    return envelope(422, "VALIDATION_ERROR", "Token required");
  }
  const verdict = await verifyAdminToken(token);
  if ("unavailable" in verdict) return envelope(503, "SERVICE_UNAVAILABLE", "Auth unavailable");
  if ("refused" in verdict) {
    return verdict.refused === 403
      ? envelope(403, "HTTP_ERROR", "Admin access required")
      : envelope(401, "HTTP_ERROR", "Not authenticated");
  }
  const response = new NextResponse(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  response.cookies.set(guardCookie(token, isHttps(request)));
  return response;
}

export async function DELETE(request: NextRequest) {
  if (crossSite(request)) return envelope(403, "HTTP_ERROR", "Cross-site request refused");
  const response = new NextResponse(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  response.cookies.set({
    name: GUARD_COOKIE,
    value: "",
    httpOnly: true,
    sameSite: "strict",
    path: "/admin",
    secure: isHttps(request),
    maxAge: 0,
  });
  return response;
}
