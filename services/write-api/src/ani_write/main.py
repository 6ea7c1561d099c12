"""ASGI entry point: ``uvicorn ani_write.main:app``."""

from __future__ import annotations

from fastapi import FastAPI

from ani_common.app import create_service_app
from ani_common.logging import configure_logging
from ani_write.api.errors import ERROR_MAP
from ani_write.api.router import routers
from ani_write.bootstrap import Overrides, lifespan_for, readiness_checks
from ani_write.config import Settings

__all__ = ["app", "create_app"]  # noqa: F822 - ``app`` is built lazily by __getattr__


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    return create_service_app(
        settings,
        title="ani write-api",
        description="Catalog, library, progress, history, internal import and admin API.",
        routers=routers,
        error_map=ERROR_MAP,
        readiness=readiness_checks,
        lifespan=lifespan_for(settings, overrides),
    )


def __getattr__(name: str) -> FastAPI:
    # ``uvicorn ani_write.main:app`` builds the app lazily, so importing this module needs no environment.
    if name == "app":
        return create_app()
    raise AttributeError(name)
