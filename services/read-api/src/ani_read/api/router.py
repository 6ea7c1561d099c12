"""All read-api routers. The read routes need the runtime's endpoints, so they are built in ``main.create_app``."""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["routers"]

routers: list[APIRouter] = []
