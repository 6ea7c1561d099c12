"""Request trace ids and OpenTelemetry.

:class:`TraceIdMiddleware` is a pure ASGI middleware (no ``BaseHTTPMiddleware``: it must stay cheap on the hot read
path). For every HTTP request it picks the trace id in this order:

1. the trace id of a valid W3C ``traceparent`` header (32 lower-case hex digits),
2. an ``X-Trace-ID`` header, if it is 1-128 characters of ``[A-Za-z0-9._-]`` (anything else is ignored, so a
   client cannot inject log lines),
3. a fresh random id (32 hex digits, the W3C format).

The id is set in a context variable (every log line of the request carries it: see ``ani_common.logging``), stored in
``scope["state"]["trace_id"]``, echoed as ``X-Trace-ID`` on the response, and used by the error envelope.

OpenTelemetry is off unless ``TRACING_ENABLED=true`` and an OTLP endpoint is set. The exporter is OTLP over HTTP;
TLS is used when the endpoint is ``https://`` (optionally with ``OTEL_EXPORTER_OTLP_CERTIFICATE``). Nothing is
hard-coded to ``insecure``.
"""

from __future__ import annotations

import os
import re
import time
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ani_common.context import trace_id_var
from ani_common.logging import get_logger

if TYPE_CHECKING:
    from contextvars import Token

    from fastapi import FastAPI

    from ani_common.config import ServiceSettings

__all__ = [
    "TRACE_ID_HEADER",
    "TraceIdMiddleware",
    "bind_trace_id",
    "current_trace_id",
    "log_request",
    "parse_traceparent",
    "pick_trace_id",
    "setup_tracing",
]

TRACE_ID_HEADER = "X-Trace-ID"
_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_CLIENT_TRACE_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
_access_logger = get_logger("ani.access")


def current_trace_id() -> str:
    """The trace id of the request being served, or a fresh one outside a request."""
    value = trace_id_var.get()
    return value if value is not None else os.urandom(16).hex()


def parse_traceparent(value: str) -> str | None:
    """Return the trace id of a valid W3C ``traceparent`` value, else ``None``."""
    match = _TRACEPARENT.match(value.strip())
    if match is None:
        return None
    version, trace_id, parent_id, _flags = match.groups()
    if version == "ff" or trace_id == "0" * 32 or parent_id == "0" * 16:
        return None
    return trace_id


def pick_trace_id(headers: list[tuple[bytes, bytes]]) -> str:
    """The trace id for a request with these (lower-cased) ASGI headers."""
    traceparent: str | None = None
    client_id: str | None = None
    for key, value in headers:
        if key == b"traceparent":
            traceparent = value.decode("latin-1")
        elif key == b"x-trace-id":
            client_id = value.decode("latin-1").strip()
    if traceparent is not None:
        parsed = parse_traceparent(traceparent)
        if parsed is not None:
            return parsed
    if client_id is not None and _CLIENT_TRACE_ID.match(client_id):
        return client_id
    return os.urandom(16).hex()


def bind_trace_id(scope: Scope) -> tuple[str, Token[str | None]]:
    """Choose the request's trace id, keep it in ``scope["state"]`` and in the logging context variable.

    Returns the id and the context token, to be given back to ``trace_id_var.reset`` when the request ends.
    """
    trace_id = pick_trace_id(scope["headers"])
    scope.setdefault("state", {})["trace_id"] = trace_id
    return trace_id, trace_id_var.set(trace_id)


def log_request(scope: Scope, status_code: int, started: float) -> None:
    """The access log line of a request (``started`` from ``time.perf_counter()``), inside its trace context."""
    _access_logger.info(
        "Request completed",
        method=scope["method"],
        path=scope["path"],
        status_code=status_code,
        duration_ms=round((time.perf_counter() - started) * 1000, 2),
    )


class TraceIdMiddleware:
    """Pure ASGI middleware: trace id per request, echoed header, optional JSON access log line."""

    def __init__(self, app: ASGIApp, *, access_log: bool = True) -> None:
        self.app = app
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        trace_id, token = bind_trace_id(scope)
        header_value = trace_id.encode("latin-1")
        status_code = 500
        started = time.perf_counter()

        async def send_with_trace_id(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-trace-id", header_value))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_trace_id)
        finally:
            if self.access_log:
                log_request(scope, status_code, started)
            trace_id_var.reset(token)


def setup_tracing(app: FastAPI, settings: ServiceSettings) -> bool:
    """Instrument ``app`` with OpenTelemetry when enabled. Returns whether tracing was switched on."""
    if not settings.tracing_enabled or not settings.otel_exporter_otlp_endpoint:
        return False
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    headers: dict[str, str] = {}
    if settings.otel_exporter_otlp_headers is not None:
        for pair in settings.otel_exporter_otlp_headers.get_secret_value().split(","):
            if "=" in pair:
                key, value = pair.split("=", 1)
                headers[key.strip()] = value.strip()
    endpoint = settings.otel_exporter_otlp_endpoint.rstrip("/")
    if not endpoint.endswith("/v1/traces"):
        endpoint += "/v1/traces"
    exporter = OTLPSpanExporter(
        endpoint=endpoint,
        certificate_file=settings.otel_exporter_otlp_certificate,
        headers=headers or None,
    )
    provider = TracerProvider(
        resource=Resource.create({SERVICE_NAME: settings.otel_service_name, SERVICE_VERSION: settings.version})
    )
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls="/health,/ready,/metrics")
    return True
