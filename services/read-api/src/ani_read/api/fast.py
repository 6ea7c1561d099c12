"""The pure-ASGI fast path for ``GET``/``HEAD /api/read/**``.

It wraps the FastAPI application (it is what ``create_app`` returns and uvicorn serves). A request for one of the
eight read endpoints is answered here, through only the middlewares the contract needs — trace id, security headers,
CORS, the 500 guard — and a per-route Prometheus counter; everything else (``/health``, ``/ready``, ``/metrics``,
``/openapi.json``, unknown paths, other methods, trailing-slash redirects) goes on to FastAPI unchanged.
Reason and measurements: ``docs/services/read-api.md`` and ``performance.md`` (plain FastAPI reaches ~0.46 of a
raw ASGI app; the goal is 0.75).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI
from prometheus_client import Counter
from starlette.types import ASGIApp, Receive, Scope, Send

from ani_common.app import FastAPIFront
from ani_common.context import trace_id_var
from ani_common.errors import UNEXPECTED_ERROR, ErrorCode, UnhandledErrorMiddleware, error_body
from ani_common.logging import get_logger
from ani_common.security import CORSMiddleware, SecurityHeadersMiddleware, cors_middleware_options
from ani_common.tracing import TraceIdMiddleware, bind_trace_id, log_request
from ani_read.api.endpoints import HttpResult, ReadEndpoints
from ani_read.application.get_user_model import UserModel

__all__ = ["ReadFastPath", "match_route"]

PREFIX = "/api/read/"
_DETAIL_PREFIX = "/api/read/anime/"
_TITLE_PREFIX = "/api/read/me/titles/"

Handler = Callable[[ReadEndpoints, Scope], Awaitable[HttpResult]]

_log = get_logger("ani.read")
INTERNAL_ERROR = ErrorCode.INTERNAL_ERROR


def has_origin(headers: list[tuple[bytes, bytes]]) -> bool:
    """Cross-origin requests take the full middleware path (CORS); same-origin ones the lean path."""
    return any(key == b"origin" for key, _ in headers)


REQUESTS = Counter(
    "ani_read_requests",
    "Requests answered by the read-api fast path",
    ["route", "status"],
)


def match_route(path: str) -> tuple[str, Handler] | None:
    """The (route template, handler) of a read endpoint path, or ``None``."""
    if path == "/api/read/anime":
        return "/api/read/anime", _catalog
    if path == "/api/read/genres":
        return "/api/read/genres", _genres
    if path.startswith(_DETAIL_PREFIX):
        slug = path[len(_DETAIL_PREFIX) :]
        if slug and "/" not in slug:
            return "/api/read/anime/{slug}", _detail
        return None
    if path.startswith(_TITLE_PREFIX):
        title_id = path[len(_TITLE_PREFIX) :]
        if title_id and "/" not in title_id:
            return "/api/read/me/titles/{title_id}", _title
        return None
    if path == "/api/read/me/continue":
        return "/api/read/me/continue", _continue
    user_model = _USER_ROUTES.get(path)
    if user_model is not None:
        return user_model
    return None


async def _catalog(endpoints: ReadEndpoints, scope: Scope) -> HttpResult:
    return await endpoints.catalog(scope)


async def _genres(endpoints: ReadEndpoints, scope: Scope) -> HttpResult:
    return await endpoints.genres(scope)


async def _detail(endpoints: ReadEndpoints, scope: Scope) -> HttpResult:
    return await endpoints.anime_detail(scope, scope["path"][len(_DETAIL_PREFIX) :])


async def _title(endpoints: ReadEndpoints, scope: Scope) -> HttpResult:
    return await endpoints.title_state(scope, scope["path"][len(_TITLE_PREFIX) :])


async def _continue(endpoints: ReadEndpoints, scope: Scope) -> HttpResult:
    return await endpoints.continue_watching(scope)


def _user(which: UserModel) -> Handler:
    async def handler(endpoints: ReadEndpoints, scope: Scope) -> HttpResult:
        return await endpoints.user_model(scope, which)

    return handler


_USER_ROUTES: dict[str, tuple[str, Handler]] = {
    "/api/read/me/library": ("/api/read/me/library", _user(UserModel.LIBRARY)),
    "/api/read/me/progress": ("/api/read/me/progress", _user(UserModel.PROGRESS)),
    "/api/read/me/history/last": ("/api/read/me/history/last", _user(UserModel.HISTORY_LAST)),
}


class ReadFastPath(FastAPIFront):
    """The service's outermost ASGI callable: the eight read endpoints here, everything else to FastAPI.

    Two stacks serve the read endpoints. Requests without ``Origin`` (same-origin GETs, the gateway, server-side
    rendering) take the lean one: the trace id is picked inline (same rule as ``TraceIdMiddleware``, without its
    per-request structlog context binding, which cost more than the whole handler; error log lines carry the
    ``trace_id`` explicitly), then the 500 guard, then the handler, which appends ``X-Trace-ID``, the contract
    security headers and ``Vary: Origin`` itself. Requests with ``Origin`` take the full stack of the shared
    middlewares (trace id, security headers, Starlette's CORS), so the CORS answer is exactly FastAPI's.
    """

    def __init__(
        self,
        app: FastAPI,
        *,
        endpoints: ReadEndpoints,
        allowed_origins: list[str],
        hsts: bool,
        access_log: bool,
        metrics: bool,
    ) -> None:
        super().__init__(app)
        self.endpoints = endpoints
        self.metrics = metrics
        self.access_log = access_log
        self._counters: dict[tuple[str, int], Any] = {}
        security = SecurityHeadersMiddleware(self._serve, hsts=hsts)
        self._security_headers: tuple[tuple[bytes, bytes], ...] = (*security.headers, (b"vary", b"Origin"))
        # No wrapper on the lean path: the endpoints answer their own errors and ``_respond`` guards the rest.
        self.lean: ASGIApp = self._serve_lean
        full: ASGIApp = UnhandledErrorMiddleware(self._serve)
        full = CORSMiddleware(full, **cors_middleware_options(allowed_origins))  # type: ignore[arg-type]
        full = SecurityHeadersMiddleware(full, hsts=hsts)
        self.full: ASGIApp = TraceIdMiddleware(full, access_log=access_log)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (scope["method"] == "GET" or scope["method"] == "HEAD"):
            path: str = scope["path"]
            if path.startswith(PREFIX):
                route = match_route(path)
                if route is not None:
                    scope["ani.read.route"] = route
                    headers = scope["headers"]
                    if has_origin(headers):
                        await self.full(scope, receive, send)
                        return
                    _, token = bind_trace_id(scope)
                    try:
                        await self.lean(scope, receive, send)
                    finally:
                        trace_id_var.reset(token)
                    return
        await self.app(scope, receive, send)

    async def _serve_lean(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter() if self.access_log else 0.0
        trace_id: str = scope["state"]["trace_id"]
        status = await self._respond(
            scope, send, (*self._security_headers, (b"x-trace-id", trace_id.encode("latin-1")))
        )
        if self.access_log:
            log_request(scope, status, started)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._respond(scope, send, ())

    async def _respond(self, scope: Scope, send: Send, extra: tuple[tuple[bytes, bytes], ...]) -> int:
        template, handler = scope["ani.read.route"]
        try:
            result: HttpResult = await handler(self.endpoints, scope)
        except Exception:  # the endpoints answer their own errors: this is the guard against a bug past them
            _log.exception("Unhandled error", method=scope["method"], path=scope["path"])
            trace_id = scope["state"]["trace_id"]
            result = (
                500,
                [(b"content-type", b"application/json")],
                error_body(INTERNAL_ERROR, UNEXPECTED_ERROR, trace_id),
            )
        status, headers, body = result
        headers.append((b"content-length", str(len(body)).encode()))
        if extra:
            headers.extend(extra)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
        if self.metrics:
            counter = self._counters.get((template, status))
            if counter is None:
                counter = REQUESTS.labels(route=template, status=str(status))
                self._counters[(template, status)] = counter
            counter.inc()
        return status
