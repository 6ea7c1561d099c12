"""The contract's error envelope and the handlers that produce it.

Every non-2xx JSON response is ``{"error": {"code": str, "message": str, "trace_id": str}}``; validation errors
(422) add ``"details": [{"loc": [...], "msg": str}]`` (never the submitted values: they may be passwords).

* :class:`ApiError` is the one exception the API layer raises for contract errors (status, code, message, headers).
* Application/domain errors carry no HTTP knowledge: each service maps them with one ``ERROR_MAP`` of
  ``{ErrorClass: ErrorSpec(status, code, message)}`` passed to :func:`install_error_handlers`.
* :class:`UnhandledErrorMiddleware` turns any other exception into a 500 ``INTERNAL_ERROR`` **inside** the middleware
  stack, so the response still carries the request's trace id, the security headers and the CORS headers, and
  never the exception text. The traceback goes to the log.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ani_common.logging import get_logger
from ani_common.tracing import current_trace_id

__all__ = [
    "ApiError",
    "ErrorCode",
    "ErrorSpec",
    "UnhandledErrorMiddleware",
    "error_body",
    "error_response",
    "install_error_handlers",
]

_log = get_logger("ani.errors")


class ErrorCode:
    VALIDATION_ERROR = "VALIDATION_ERROR"
    AUTHENTICATION_ERROR = "AUTHENTICATION_ERROR"
    AUTHORIZATION_ERROR = "AUTHORIZATION_ERROR"
    HTTP_ERROR = "HTTP_ERROR"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    RATE_LIMIT_EXCEEDED = "RATE_LIMIT_EXCEEDED"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_ERROR = "INTERNAL_ERROR"


INVALID_REQUEST_DATA = "Invalid request data"
UNEXPECTED_ERROR = "An unexpected error occurred"


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    """How one application error class is rendered. ``message=None`` uses ``str(exc)``."""

    status: int
    code: str
    message: str | None = None
    headers: Mapping[str, str] | None = None


class ApiError(Exception):
    """A contract error raised by the API layer (auth dependencies, not-found lookups, rate limits…)."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str = ErrorCode.HTTP_ERROR,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = dict(headers) if headers else None


def error_body(code: str, message: str, trace_id: str, details: Sequence[Mapping[str, Any]] | None = None) -> bytes:
    error: dict[str, Any] = {"code": code, "message": message, "trace_id": trace_id}
    if details is not None:
        error["details"] = list(details)
    return orjson.dumps({"error": error})


def _trace_id_of(request: Request | None) -> str:
    if request is not None:
        state_trace = request.scope.get("state", {}).get("trace_id")
        if isinstance(state_trace, str):
            return state_trace
    return current_trace_id()


def error_response(
    request: Request | None,
    status: int,
    code: str,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
    details: Sequence[Mapping[str, Any]] | None = None,
) -> Response:
    return Response(
        content=error_body(code, message, _trace_id_of(request), details),
        status_code=status,
        media_type="application/json",
        headers=dict(headers) if headers else None,
    )


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    details: list[dict[str, Any]] = []
    for err in exc.errors():
        loc = [part if isinstance(part, int | str) else str(part) for part in err.get("loc", ())]
        details.append({"loc": loc, "msg": str(err.get("msg", "invalid"))})
    return details


#: FastAPI's HTTPException detail for a request body it could not decode.
_BODY_NOT_PARSED = "There was an error parsing the body"


def install_error_handlers(app: FastAPI, error_map: Mapping[type[Exception], ErrorSpec] | None = None) -> None:
    """Register the envelope handlers on ``app``: validation, HTTP, :class:`ApiError` and the service's map."""

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)  # noqa: S101 - registered for ApiError only
        return error_response(request, exc.status, exc.code, exc.message, headers=exc.headers)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)  # noqa: S101
        return error_response(
            request, 422, ErrorCode.VALIDATION_ERROR, INVALID_REQUEST_DATA, details=_validation_details(exc)
        )

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)  # noqa: S101
        if exc.status_code == 400 and exc.detail == _BODY_NOT_PARSED:
            # FastAPI's answer to a body it cannot decode (not UTF-8, not JSON): bad input like any other, so the
            # documented 422 with the place of the problem, never the body itself.
            return error_response(
                request,
                422,
                ErrorCode.VALIDATION_ERROR,
                INVALID_REQUEST_DATA,
                details=[{"loc": ["body"], "msg": "The body is not valid JSON in UTF-8"}],
            )
        try:
            default = HTTPStatus(exc.status_code).phrase
        except ValueError:
            default = "Error"
        message = exc.detail if isinstance(exc.detail, str) else default
        return error_response(request, exc.status_code, ErrorCode.HTTP_ERROR, message, headers=exc.headers)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)

    for error_class, spec in (error_map or {}).items():
        app.add_exception_handler(error_class, _mapped_handler(spec))


def _mapped_handler(spec: ErrorSpec) -> Callable[[Request, Exception], Any]:
    async def handler(request: Request, exc: Exception) -> Response:
        message = spec.message if spec.message is not None else str(exc)
        return error_response(request, spec.status, spec.code, message, headers=spec.headers)

    return handler


class UnhandledErrorMiddleware:
    """Pure ASGI: any exception escaping the app becomes the 500 envelope, inside CORS/security/trace middleware."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response_started = False

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            _log.exception("Unhandled error", method=scope.get("method"), path=scope.get("path"))
            if response_started:
                raise
            trace_id = scope.get("state", {}).get("trace_id") or current_trace_id()
            body = error_body(ErrorCode.INTERNAL_ERROR, UNEXPECTED_ERROR, trace_id)
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
