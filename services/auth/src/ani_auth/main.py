"""ASGI entry point: ``uvicorn ani_auth.main:app``."""

from __future__ import annotations

from fastapi import FastAPI

from ani_auth.api.errors import ERROR_MAP, install_extra_handlers
from ani_auth.api.router import routers
from ani_auth.bootstrap import Overrides, lifespan_for, readiness_checks
from ani_auth.config import Settings
from ani_common.app import create_service_app, served_app
from ani_common.logging import configure_logging

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    app = create_service_app(
        settings,
        title="ani auth",
        description="Accounts, sessions, admin accounts and EdDSA access tokens (JWKS).",
        routers=routers,
        error_map=ERROR_MAP,
        readiness=readiness_checks,
        lifespan=lifespan_for(settings, overrides),
    )
    install_extra_handlers(app)
    return app


def __getattr__(name: str) -> FastAPI:
    # ``uvicorn ani_auth.main:app`` builds the app lazily, so importing this module needs no environment; the served
    # app's startup heap is frozen out of the garbage collector's reach (``ani_common.app.served_app``).
    if name == "app":
        return served_app(create_app)
    raise AttributeError(name)
