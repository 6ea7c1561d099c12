"""All read-api routers. Each feature module adds its router here."""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["routers"]

routers: list[APIRouter] = []
