"""The refresh cookies: ``refresh_token`` (Path ``/api/v1/auth``) and ``admin_refresh_token`` (Path ``/api/v1/admin``).

HttpOnly, SameSite=Lax, Secure iff ``COOKIE_SECURE``, Max-Age = ``REFRESH_TTL_DAYS``; no Domain. The deletion cookie
carries the same attributes as the cookie it deletes (docs/contract.md 14).

The user cookie used to be set with Path ``/``. A browser that still holds such a cookie sends both on
``/api/v1/auth/*``, the more specific path first (RFC 6265 §5.4): :func:`user_refresh_token` takes the first one, and
refresh and logout then also delete the old ``/`` cookie so it cannot shadow the new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Cookie, Request, Response

from ani_auth.config import Settings

__all__ = [
    "ADMIN_REFRESH_COOKIE",
    "LEGACY_USER_REFRESH_COOKIE",
    "USER_REFRESH_COOKIE",
    "PresentedCookie",
    "RefreshCookie",
    "user_refresh_token",
]


@dataclass(frozen=True, slots=True)
class RefreshCookie:
    name: str
    path: str

    def set(self, response: Response, value: str, settings: Settings) -> None:
        response.set_cookie(
            self.name,
            value,
            max_age=settings.refresh_ttl_seconds,
            path=self.path,
            secure=settings.cookie_secure,
            httponly=True,
            samesite="lax",
        )

    def delete(self, response: Response, settings: Settings) -> None:
        response.delete_cookie(self.name, path=self.path, secure=settings.cookie_secure, httponly=True, samesite="lax")


USER_REFRESH_COOKIE = RefreshCookie("refresh_token", "/api/v1/auth")
LEGACY_USER_REFRESH_COOKIE = RefreshCookie("refresh_token", "/")
ADMIN_REFRESH_COOKIE = RefreshCookie("admin_refresh_token", "/api/v1/admin")


@dataclass(frozen=True, slots=True)
class PresentedCookie:
    value: str | None
    #: more than one ``refresh_token`` came: a cookie of the former Path ``/`` is still in the browser
    duplicated: bool = False


def user_refresh_token(
    request: Request, refresh_token: Annotated[str | None, Cookie(include_in_schema=True)] = None
) -> PresentedCookie:
    """The first ``refresh_token`` of the request (the most specific path), not the last one as a dict would keep."""
    values: list[str] = []
    for header in request.headers.getlist("cookie"):
        for part in header.split(";"):
            name, sep, value = part.strip().partition("=")
            if sep and name == USER_REFRESH_COOKIE.name:
                values.append(_unquote(value.strip()))
    if not values:
        return PresentedCookie(refresh_token or None)
    return PresentedCookie(values[0] or None, duplicated=len(values) > 1)


def _unquote(value: str) -> str:
    # Refresh tokens are URL-safe base64: a quoted value only needs its quotes removed.
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value
