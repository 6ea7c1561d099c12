"""The toolkit of the services' pure-ASGI fast paths: read-api's cached GETs and write-api's progress PUT.

A fast path (an :class:`~ani_common.app.FastAPIFront`) answers a few hot routes before Starlette and FastAPI see
the request and hands every other request to the FastAPI application unchanged. :class:`FastPathKit` gives an answer
it serves what the application's shared middlewares (``ani_common.app``) would have given it, once, for both
services:

* **headers**, appended to the one ``http.response.start`` message (no ``send`` wrapper, no header object): the
  CORS answer of a simple request (what Starlette's ``CORSMiddleware`` with :func:`~ani_common.security.
  cors_middleware_options` adds, ``Vary: Origin`` merged into the answer's own ``Vary`` as it does), the contract
  security headers (``SecurityHeadersMiddleware``) and ``X-Trace-ID`` (``TraceIdMiddleware``). They are computed
  here rather than by calling into the middlewares; ``libs/common/tests/test_fastpath.py`` sends the same answers
  through the real middleware stack and compares, so a Starlette upgrade that changes its CORS answer fails there.
  Preflights (``OPTIONS``) never reach a fast path: none serves that method.
* **the access log line** (:func:`~ani_common.tracing.log_request`, inside the request's trace context) when
  ``ACCESS_LOG`` is on;
* **a latency histogram** per ``(route, status)`` (:func:`request_histogram`), the same kind as the
  instrumentator's ``http_request_duration_seconds``, which never sees these requests;
* **the tracing switch** (:func:`tracing_active`): with OpenTelemetry on, the fast paths step aside and every request
  goes through the instrumented FastAPI application, so each one gets its span. Spans made by the fast paths
  themselves would be a second instrumentation to keep in step with the FastAPI one; tracing is opt-in, and its
  cost per request dwarfs what the fast paths save.
* :func:`handled_response`: the answer of the application's own exception handler (the service's ``ERROR_MAP``) for
  an error raised while a fast path served the request, so that answer is FastAPI's byte for byte.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from prometheus_client import REGISTRY, CollectorRegistry, Histogram
from prometheus_client.metrics_core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from ani_common.context import trace_id_var
from ani_common.security import cors_middleware_options, security_headers
from ani_common.tracing import bind_trace_id, log_request

if TYPE_CHECKING:
    from contextvars import Token

    from fastapi import FastAPI

    from ani_common.config import ServiceSettings

__all__ = [
    "FAST_PATH_BUCKETS",
    "FastPathKit",
    "Headers",
    "handled_response",
    "origin_of",
    "request_histogram",
    "tracing_active",
]

Headers = list[tuple[bytes, bytes]]

#: seconds; the fast paths answer in well under a millisecond of CPU, the rest is Redis or PostgreSQL
FAST_PATH_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_LABELS = ("route", "status")
_VARY = b"vary"
_VARY_ORIGIN = (_VARY, b"Origin")
_ALLOW_ORIGIN = b"access-control-allow-origin"


def tracing_active(settings: ServiceSettings) -> bool:
    """Whether OpenTelemetry instruments the FastAPI application (``ani_common.tracing.setup_tracing``)."""
    return bool(settings.tracing_enabled and settings.otel_exporter_otlp_endpoint)


def request_histogram(
    name: str, documentation: str, *, count_alias: str | None = None, registry: CollectorRegistry = REGISTRY
) -> Histogram:
    """The latency histogram of a fast path, labelled ``route`` (the route template) and ``status``.

    ``count_alias`` also exports the histogram's ``_count`` series as the counter ``<count_alias>_total`` with the
    same labels, computed when ``/metrics`` is scraped (nothing more per request): the name an earlier counter had,
    kept for the dashboards and alerting rules that read it.
    """
    histogram = Histogram(name, documentation, _LABELS, buckets=FAST_PATH_BUCKETS, registry=registry)
    if count_alias is not None:
        registry.register(_CountAlias(histogram, count_alias, documentation))
    return histogram


class _CountAlias(Collector):
    def __init__(self, histogram: Histogram, name: str, documentation: str) -> None:
        self._histogram = histogram
        self._name = name
        self._documentation = documentation

    def describe(self) -> Iterable[Metric]:
        return [CounterMetricFamily(self._name, self._documentation, labels=_LABELS)]

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(self._name, self._documentation, labels=_LABELS)
        for metric in self._histogram.collect():
            for sample in metric.samples:
                if sample.name.endswith("_count"):
                    family.add_metric([sample.labels[label] for label in _LABELS], sample.value)
        yield family


def origin_of(headers: Iterable[tuple[bytes, bytes]]) -> bytes | None:
    """The request's ``Origin`` (the first one, as Starlette reads it), or ``None``."""
    for key, value in headers:
        if key == b"origin":
            return value
    return None


class FastPathKit:
    """What a fast path adds to the answers it serves itself: headers, access log, latency histogram.

    A request goes ``trace_id, token = kit.start(scope)`` → the answer's headers through :meth:`decorate` → one
    ``http.response.start`` → ``kit.finish(scope, route, status, started, token)``.
    """

    __slots__ = (
        "_allow_all",
        "_echo_origin",
        "_histogram",
        "_observers",
        "_origins",
        "_security",
        "_simple",
        "access_log",
        "enabled",
    )

    def __init__(
        self,
        *,
        allowed_origins: Iterable[str],
        hsts: bool,
        access_log: bool,
        histogram: Histogram | None,
        enabled: bool = True,
    ) -> None:
        #: ``False`` when OpenTelemetry is on: the fast path hands every request to FastAPI
        self.enabled = enabled
        self.access_log = access_log
        self._histogram = histogram
        self._observers: dict[str, dict[int, Any]] = {}
        self._security = security_headers(hsts=hsts)
        # Starlette's CORSMiddleware with our options (``cors_middleware_options``), for a request with ``Origin``:
        # its simple headers, the origin echoed when allowed, and ``Origin`` added to ``Vary`` in every case.
        options = cors_middleware_options(allowed_origins)
        origins = [str(origin) for origin in cast("list[str]", options["allow_origins"])]
        expose = [str(header) for header in cast("list[str]", options["expose_headers"])]
        credentials = bool(options["allow_credentials"])
        self._allow_all = "*" in origins
        self._origins = frozenset(origin.encode("latin-1") for origin in origins)
        # With every origin allowed, ``*`` — or the origin itself when credentials are allowed.
        self._echo_origin = credentials
        simple: Headers = []
        if credentials:
            simple.append((b"access-control-allow-credentials", b"true"))
        if expose:
            simple.append((b"access-control-expose-headers", ", ".join(expose).encode("latin-1")))
        self._simple = tuple(simple)

    @classmethod
    def from_settings(cls, settings: ServiceSettings, histogram: Histogram) -> FastPathKit:
        """The kit of a service: its CORS origins, HSTS behind TLS, access log and metrics switches, tracing."""
        return cls(
            allowed_origins=settings.allowed_origins,
            hsts=settings.cookie_secure,
            access_log=settings.access_log,
            histogram=histogram if settings.metrics_enabled else None,
            enabled=not tracing_active(settings),
        )

    @staticmethod
    def start(scope: Scope) -> tuple[bytes, Token[str | None]]:
        """Pick and bind the request's trace id (``TraceIdMiddleware``'s rule); returns it encoded and the token to
        give back to :meth:`finish`."""
        trace_id, token = bind_trace_id(scope)
        return trace_id.encode("latin-1"), token

    def decorate(self, headers: Headers, trace_id: bytes, origin: bytes | None) -> Headers:
        """Add to ``headers`` (an answer's own, lower-case keys) in place what the shared middlewares add; returns
        them. The answer's headers never include the CORS or security headers themselves."""
        if origin is not None:
            if self._allow_all:
                headers.append((_ALLOW_ORIGIN, origin if self._echo_origin else b"*"))
                headers.extend(self._simple)
            else:
                headers.extend(self._simple)
                if origin in self._origins:
                    headers.append((_ALLOW_ORIGIN, origin))
        _vary_origin(headers)
        headers.extend(self._security)
        headers.append((b"x-trace-id", trace_id))
        return headers

    def finish(self, scope: Scope, route: str, status: int, started: float, token: Token[str | None]) -> None:
        """Observe the latency, write the access log line, unbind the trace id."""
        try:
            if self._histogram is not None:
                by_status = self._observers.get(route)
                if by_status is None:
                    by_status = self._observers[route] = {}
                observer = by_status.get(status)
                if observer is None:
                    observer = by_status[status] = self._histogram.labels(route=route, status=str(status))
                observer.observe(time.perf_counter() - started)
            if self.access_log:
                log_request(scope, status, started)
        finally:
            trace_id_var.reset(token)


def _vary_origin(headers: Headers) -> None:
    """``Vary: Origin`` merged into the answer's ``Vary`` (one line, at the first one's place), as Starlette does."""
    first = -1
    for index, (key, _) in enumerate(headers):
        if key == _VARY:
            first = index
            break
    if first < 0:
        headers.append(_VARY_ORIGIN)
        return
    values = [value for key, value in headers if key == _VARY]
    headers[first] = (_VARY, b", ".join([*values, b"Origin"]))
    if len(values) > 1:
        headers[first + 1 :] = [pair for pair in headers[first + 1 :] if pair[0] != _VARY]


async def handled_response(app: FastAPI, exc: Exception, scope: Scope, receive: Receive, send: Send) -> bool:
    """Answer ``exc`` with the application's own exception handler for its class (the service's ``ERROR_MAP``, the
    envelope handlers of ``ani_common.errors``), exactly as FastAPI would; ``False`` when no handler covers it."""
    handlers = app.exception_handlers
    handler = next((handlers[kind] for kind in type(exc).__mro__ if kind in handlers), None)
    if handler is None:
        return False
    rendered = handler(Request(scope, receive), exc)
    response = await rendered if inspect.isawaitable(rendered) else rendered
    await response(scope, receive, send)
    return True
