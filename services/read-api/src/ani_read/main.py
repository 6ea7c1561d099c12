"""ASGI entry point: ``uvicorn ani_read.main:app``."""

from __future__ import annotations

from ani_common.app import create_service_app, served_app
from ani_common.fastpath import FastPathKit
from ani_common.logging import configure_logging
from ani_read.api.endpoints import ReadEndpoints, ReadRuntime
from ani_read.api.errors import ERROR_MAP
from ani_read.api.fast import REQUEST_SECONDS, ReadFastPath
from ani_read.api.routes import build_read_router
from ani_read.bootstrap import Overrides, lifespan_for, readiness_checks
from ani_read.config import Settings

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> ReadFastPath:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    runtime = ReadRuntime()
    endpoints = ReadEndpoints(runtime)
    app = create_service_app(
        settings,
        title="ani read-api",
        description="Redis read models: catalog, anime detail, library, progress, last history entry.",
        routers=[build_read_router(endpoints)],
        error_map=ERROR_MAP,
        readiness=readiness_checks,
        lifespan=lifespan_for(settings, runtime, overrides),
    )
    app.state.read_runtime = runtime
    # Read GETs skip Starlette's and FastAPI's per-request machinery (telemetry check, routing, instrumentator)
    # and go through their own minimal stack; see ani_read.api.fast and docs/services/read-api.md. With OpenTelemetry
    # on, every request goes through FastAPI so that each one gets its span.
    return ReadFastPath(app, endpoints=endpoints, kit=FastPathKit.from_settings(settings, REQUEST_SECONDS))


def __getattr__(name: str) -> ReadFastPath:
    # ``uvicorn ani_read.main:app`` builds the app lazily, so importing this module needs no environment; the served
    # app's startup heap is frozen out of the garbage collector's reach (``ani_common.app.served_app``).
    if name == "app":
        return served_app(create_app)
    raise AttributeError(name)
