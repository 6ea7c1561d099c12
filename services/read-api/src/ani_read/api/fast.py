"""The pure-ASGI fast path for ``GET``/``HEAD /api/read/**``.

It wraps the FastAPI application (it is what ``create_app`` returns and uvicorn serves). A request for one of the
eight read endpoints is answered here by :class:`~ani_read.api.endpoints.ReadEndpoints`, the code the FastAPI routes
(:mod:`ani_read.api.routes`) call too; what the shared middlewares add — trace id, security headers, CORS, the
access log line — and the latency histogram come from :class:`ani_common.fastpath.FastPathKit`, the toolkit the
write-api's fast path uses. Everything else (``/health``, ``/ready``, ``/metrics``, ``/openapi.json``, unknown
paths, other methods, trailing-slash redirects) goes on to FastAPI unchanged, and so does every request while
OpenTelemetry is on (``ani_common.fastpath.tracing_active``: FastAPI's instrumentation gives each request its span).
``tests/test_fast_path.py`` sends each case to both and compares the answers.
Reason and measurements: ``docs/services/read-api.md`` and ``docs/performance.md`` (plain FastAPI reaches ~0.46 of a
raw ASGI app; the goal is 0.75).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from ani_common.app import FastAPIFront
from ani_common.errors import UNEXPECTED_ERROR, ErrorCode, error_body
from ani_common.fastpath import FastPathKit, origin_of, request_histogram
from ani_common.logging import get_logger
from ani_read.api.endpoints import HttpResult, ReadEndpoints
from ani_read.application.get_user_model import UserModel

__all__ = ["REQUEST_SECONDS", "ReadFastPath", "match_route"]

PREFIX = "/api/read/"
_DETAIL_PREFIX = "/api/read/anime/"
_TITLE_PREFIX = "/api/read/me/titles/"

Handler = Callable[[ReadEndpoints, Scope], Awaitable[HttpResult]]

_log = get_logger("ani.read")
INTERNAL_ERROR = ErrorCode.INTERNAL_ERROR
_JSON = (b"content-type", b"application/json")

REQUEST_SECONDS = request_histogram(
    "ani_read_fast_request_duration_seconds",
    "Requests answered by the read-api fast path, by route and status",
    # the counter this histogram replaced; deploy/prometheus and deploy/grafana read it
    count_alias="ani_read_requests",
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

    The trace id is picked inline (``TraceIdMiddleware``'s rule, without its per-request structlog context binding,
    which cost more than the whole handler; error log lines carry the ``trace_id`` explicitly). The endpoints answer
    their own errors; a bug past them still gets the 500 envelope, with the same headers as any other answer.
    """

    def __init__(self, app: FastAPI, *, endpoints: ReadEndpoints, kit: FastPathKit) -> None:
        super().__init__(app)
        self.endpoints = endpoints
        self.kit = kit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.kit.enabled and scope["type"] == "http" and (scope["method"] == "GET" or scope["method"] == "HEAD"):
            path: str = scope["path"]
            if path.startswith(PREFIX):
                route = match_route(path)
                if route is not None:
                    await self._serve(scope, send, route)
                    return
        await self.app(scope, receive, send)

    async def _serve(self, scope: Scope, send: Send, route: tuple[str, Handler]) -> None:
        started = time.perf_counter()
        template, handler = route
        kit = self.kit
        trace_id, token = kit.start(scope)
        status = 500
        try:
            try:
                result: HttpResult = await handler(self.endpoints, scope)
            except Exception:  # the endpoints answer their own errors: this is the guard against a bug past them
                _log.exception("Unhandled error", method=scope["method"], path=scope["path"])
                result = (500, [_JSON], error_body(INTERNAL_ERROR, UNEXPECTED_ERROR, scope["state"]["trace_id"]))
            status, headers, body = result
            headers.append((b"content-length", str(len(body)).encode()))
            kit.decorate(headers, trace_id, origin_of(scope["headers"]))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
        finally:
            kit.finish(scope, template, status, started, token)
