"""ASGI entry point: ``uvicorn ani_read.main:app``."""

from __future__ import annotations

from fastapi import FastAPI

from ani_common.app import create_service_app
from ani_common.logging import configure_logging
from ani_read.api.errors import ERROR_MAP
from ani_read.api.router import routers
from ani_read.bootstrap import Overrides, lifespan_for, readiness_checks
from ani_read.config import Settings

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    return create_service_app(
        settings,
        title="ani read-api",
        description="Redis read models: catalog, anime detail, library, progress, last history entry.",
        routers=routers,
        error_map=ERROR_MAP,
        readiness=readiness_checks,
        lifespan=lifespan_for(settings, overrides),
    )


def __getattr__(name: str) -> FastAPI:
    # ``uvicorn ani_read.main:app`` builds the app lazily, so importing this module needs no environment.
    if name == "app":
        return create_app()
    raise AttributeError(name)
