"""The one mapping from application/domain errors to contract errors."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ani_auth.application.errors import (
    AccountDisabledError,
    AdminInactiveError,
    AdminNotFoundError,
    CannotDisableSelfError,
    EmailAlreadyRegisteredError,
    IncorrectPasswordError,
    InvalidAdminCredentialsError,
    InvalidCredentialsError,
    InvalidRefreshTokenError,
    PrincipalUnavailableError,
    RateLimitedError,
    SessionNotFoundError,
)
from ani_common.auth_deps import BEARER_CHALLENGE
from ani_common.errors import ErrorCode, ErrorSpec, error_response
from ani_common.ratelimit import RateLimitResult, rate_limit_error

__all__ = ["ERROR_MAP", "install_extra_handlers"]

ERROR_MAP: dict[type[Exception], ErrorSpec] = {
    EmailAlreadyRegisteredError: ErrorSpec(400, ErrorCode.HTTP_ERROR, "Email already registered"),
    InvalidCredentialsError: ErrorSpec(401, ErrorCode.AUTHENTICATION_ERROR, "Incorrect email or password"),
    AccountDisabledError: ErrorSpec(401, ErrorCode.AUTHENTICATION_ERROR, "User account is disabled"),
    InvalidAdminCredentialsError: ErrorSpec(401, ErrorCode.HTTP_ERROR, "Incorrect email or password"),
    AdminInactiveError: ErrorSpec(403, ErrorCode.HTTP_ERROR, "Admin account is inactive"),
    InvalidRefreshTokenError: ErrorSpec(401, ErrorCode.AUTHENTICATION_ERROR, "Invalid or expired refresh token"),
    # User routes; admin routes translate it to "Could not validate admin credentials" themselves.
    PrincipalUnavailableError: ErrorSpec(
        401, ErrorCode.HTTP_ERROR, "Could not validate credentials", headers=BEARER_CHALLENGE
    ),
    SessionNotFoundError: ErrorSpec(404, ErrorCode.NOT_FOUND, "Session not found"),
    AdminNotFoundError: ErrorSpec(404, ErrorCode.NOT_FOUND, "Admin not found"),
    CannotDisableSelfError: ErrorSpec(409, ErrorCode.CONFLICT, "You cannot disable your own admin account"),
    IncorrectPasswordError: ErrorSpec(400, ErrorCode.HTTP_ERROR, "Current password is incorrect"),
    # Rate limits and revocations live in Redis: without it auth fails closed (no unlimited password guessing).
    RedisConnectionError: ErrorSpec(
        503, ErrorCode.SERVICE_UNAVAILABLE, "Service temporarily unavailable", headers={"Retry-After": "5"}
    ),
    RedisTimeoutError: ErrorSpec(
        503, ErrorCode.SERVICE_UNAVAILABLE, "Service temporarily unavailable", headers={"Retry-After": "5"}
    ),
}


async def _on_rate_limited(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RateLimitedError)  # noqa: S101 - registered for RateLimitedError only
    detail: Any = exc.detail
    if not isinstance(detail, RateLimitResult):
        raise TypeError("RateLimitedError without a RateLimitResult")
    error = rate_limit_error(detail)
    message = exc.message or error.message
    return error_response(request, error.status, error.code, message, headers=error.headers)


def install_extra_handlers(app: FastAPI) -> None:
    """Handlers that need more than a static ``ErrorSpec`` (the 429 carries per-request headers)."""
    app.add_exception_handler(RateLimitedError, _on_rate_limited)
