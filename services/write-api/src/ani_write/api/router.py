"""All write-api routers."""

from __future__ import annotations

from fastapi import APIRouter

from ani_write.api.v1 import anime, internal, me

__all__ = ["routers"]

routers: list[APIRouter] = [me.router, anime.router, internal.router]
