"""All write-api routers."""

from __future__ import annotations

from fastapi import APIRouter

from ani_write.api.v1 import admin_catalog, admin_episodes, admin_operations, admin_videos, anime, internal, me

__all__ = ["routers"]

routers: list[APIRouter] = [
    me.router,
    anime.router,
    internal.router,
    admin_catalog.router,
    admin_episodes.router,
    admin_videos.router,
    admin_operations.router,
]
