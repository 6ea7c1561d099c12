"""Annotated dependency aliases of the auth routes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from ani_auth.application.context import AuthContext
from ani_auth.config import Settings
from ani_auth.domain.sessions import ClientInfo

__all__ = ["AuthCtx", "Client", "ServiceConfig", "error_responses"]


def _context(request: Request) -> AuthContext:
    context: AuthContext = request.app.state.auth
    return context


def _client(request: Request) -> ClientInfo:
    ip = request.app.state.trusted_proxies.client_ip(request)
    return ClientInfo.of(ip, request.headers.get("user-agent"))


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AuthCtx = Annotated[AuthContext, Depends(_context)]
Client = Annotated[ClientInfo, Depends(_client)]
ServiceConfig = Annotated[Settings, Depends(_settings)]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries documenting the error envelope for ``statuses``."""
    from ani_auth.api.schemas import ErrorEnvelope

    descriptions = {
        400: "Bad request",
        401: "Not authenticated",
        403: "Forbidden",
        404: "Not found",
        409: "Conflict",
        422: "Validation error",
        429: "Rate limit exceeded (Retry-After, RateLimit-* headers)",
    }
    return {status: {"model": ErrorEnvelope, "description": descriptions[status]} for status in statuses}
