"""ASGI entry point: ``uvicorn ani_write.main:app``."""

from __future__ import annotations

from ani_common.app import create_service_app, served_app
from ani_common.fastpath import FastPathKit, tracing_active
from ani_common.logging import configure_logging
from ani_write.api.errors import ERROR_MAP
from ani_write.api.fast import REQUEST_SECONDS, WriteFastPath
from ani_write.api.router import routers
from ani_write.bootstrap import Overrides, lifespan_for, readiness_checks
from ani_write.config import Settings

__all__ = ["app", "create_app", "uses_fast_path"]  # noqa: F822 - ``app`` is built lazily by __getattr__


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> WriteFastPath:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    app = create_service_app(
        settings,
        title="ani write-api",
        description="Catalog, library, progress, history, internal import and admin API.",
        routers=routers,
        error_map=ERROR_MAP,
        readiness=readiness_checks,
        lifespan=lifespan_for(settings, overrides),
    )
    # The progress PUT (the player's heartbeat) skips FastAPI's per-request machinery when the request is provably
    # valid; everything else, every error answer included, is FastAPI's. See ani_write.api.fast. With OpenTelemetry
    # on, every request goes through FastAPI so that each one gets its span.
    return WriteFastPath(app, kit=FastPathKit.from_settings(settings, REQUEST_SECONDS))


def uses_fast_path(settings: Settings) -> bool:
    """Whether the progress PUT may skip FastAPI: not when OpenTelemetry instruments the FastAPI application."""
    return not tracing_active(settings)


def __getattr__(name: str) -> WriteFastPath:
    # ``uvicorn ani_write.main:app`` builds the app lazily, so importing this module needs no environment; the served
    # app's startup heap is frozen out of the garbage collector's reach (``ani_common.app.served_app``).
    if name == "app":
        return served_app(create_app)
    raise AttributeError(name)
