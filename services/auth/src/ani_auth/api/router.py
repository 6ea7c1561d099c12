"""All auth routers."""

from __future__ import annotations

from fastapi import APIRouter

from ani_auth.api.v1 import accounts, admin, jwks, users

__all__ = ["routers"]

routers: list[APIRouter] = [accounts.router, users.router, admin.router, jwks.router]
