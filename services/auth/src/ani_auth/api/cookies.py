"""The refresh cookies: ``refresh_token`` (Path ``/``) and ``admin_refresh_token`` (Path ``/api/v1/admin``).

HttpOnly, SameSite=Lax, Secure iff ``COOKIE_SECURE``, Max-Age = ``REFRESH_TTL_DAYS``; no Domain. The deletion cookie
carries the same attributes as the cookie it deletes (contract-changes 14).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Response

from ani_auth.config import Settings

__all__ = ["ADMIN_REFRESH_COOKIE", "USER_REFRESH_COOKIE", "RefreshCookie"]


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


USER_REFRESH_COOKIE = RefreshCookie("refresh_token", "/")
ADMIN_REFRESH_COOKIE = RefreshCookie("admin_refresh_token", "/api/v1/admin")
