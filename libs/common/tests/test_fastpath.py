"""The fast-path toolkit (``ani_common.fastpath``) against the middlewares and framework behaviour it stands in for.

``FastPathKit.decorate`` computes what ``TraceIdMiddleware`` → ``SecurityHeadersMiddleware`` → Starlette's
``CORSMiddleware`` add to an answer; these tests send the same answers through the real stack and require the same
headers in the same order, so a Starlette upgrade that changes its CORS answer fails here, not in production.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import Any

import orjson
import pytest
from fastapi import FastAPI
from prometheus_client import CollectorRegistry, generate_latest
from starlette.types import Receive, Scope, Send
from structlog.testing import capture_logs

from ani_common.app import create_service_app
from ani_common.config import ServiceSettings
from ani_common.context import trace_id_var
from ani_common.errors import ErrorCode, ErrorSpec
from ani_common.fastpath import FastPathKit, Headers, handled_response, origin_of, request_histogram, tracing_active
from ani_common.security import CORSMiddleware, SecurityHeadersMiddleware, cors_middleware_options
from ani_common.tracing import TraceIdMiddleware

ALLOWED = "http://localhost:3000"
TRACE_ID = "client-trace-1"


def _scope(headers: Headers, method: str = "GET") -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": "/x",
        "raw_path": b"/x",
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


async def _through_middlewares(
    answer: Headers, request_headers: Headers, *, origins: list[str], hsts: bool
) -> list[tuple[bytes, bytes]]:
    """The headers the shared middleware stack (as ``create_service_app`` orders it) gives ``answer``."""

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": list(answer)})
        await send({"type": "http.response.body", "body": b"{}"})

    app = CORSMiddleware(inner, **cors_middleware_options(origins))  # type: ignore[arg-type]
    app = SecurityHeadersMiddleware(app, hsts=hsts)  # type: ignore[assignment]
    stack = TraceIdMiddleware(app, access_log=False)
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    await stack(_scope(request_headers), receive, send)
    return [(bytes(key), bytes(value)) for key, value in sent[0]["headers"]]


ANSWERS = {
    "plain": [(b"content-type", b"application/json"), (b"content-length", b"2")],
    "vary authorization": [(b"etag", b'"e"'), (b"vary", b"Authorization"), (b"content-length", b"2")],
    "two vary lines": [(b"vary", b"Authorization"), (b"content-length", b"2"), (b"vary", b"Accept-Encoding")],
}
REQUESTS = {
    "same origin": [],
    "allowed origin": [(b"origin", ALLOWED.encode())],
    "refused origin": [(b"origin", b"https://elsewhere.example")],
    "allowed origin with a cookie": [(b"origin", ALLOWED.encode()), (b"cookie", b"a=b")],
    "two origins, the first counts": [(b"origin", ALLOWED.encode()), (b"origin", b"https://elsewhere.example")],
    "null origin": [(b"origin", b"null")],
}


@pytest.mark.parametrize("answer", sorted(ANSWERS))
@pytest.mark.parametrize("request_name", sorted(REQUESTS))
@pytest.mark.parametrize(
    ("origins", "hsts"), [([ALLOWED, "https://ani.example"], False), ([ALLOWED], True), (["*"], False)]
)
async def test_decorate_adds_what_the_middlewares_add(
    answer: str, request_name: str, origins: list[str], hsts: bool
) -> None:
    request_headers = [(b"x-trace-id", TRACE_ID.encode()), *REQUESTS[request_name]]
    expected = await _through_middlewares(ANSWERS[answer], request_headers, origins=origins, hsts=hsts)
    kit = FastPathKit(allowed_origins=origins, hsts=hsts, access_log=False, histogram=None)
    decorated = kit.decorate(list(ANSWERS[answer]), TRACE_ID.encode(), origin_of(request_headers))
    assert decorated == expected


def test_origin_of_reads_the_first_origin() -> None:
    assert origin_of([(b"host", b"a"), (b"origin", b"o1"), (b"origin", b"o2")]) == b"o1"
    assert origin_of([(b"host", b"a")]) is None


async def test_start_and_finish_bind_the_trace_id_observe_and_log() -> None:
    registry = CollectorRegistry()
    histogram = request_histogram("ani_test_fast_seconds", "test", registry=registry)
    kit = FastPathKit(allowed_origins=[ALLOWED], hsts=False, access_log=True, histogram=histogram)
    scope = _scope([(b"traceparent", b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")])
    trace_id, token = kit.start(scope)
    assert trace_id == b"4bf92f3577b34da6a3ce929d0e0e4736"
    assert trace_id_var.get() == trace_id.decode()
    with capture_logs() as logs:
        kit.finish(scope, "/x/{id}", 200, 0.0, token)
    assert trace_id_var.get() is None
    labels = {"route": "/x/{id}", "status": "200"}
    assert registry.get_sample_value("ani_test_fast_seconds_count", labels) == 1
    assert [(log["event"], log["method"], log["path"], log["status_code"]) for log in logs] == [
        ("Request completed", "GET", "/x", 200)
    ]


def test_the_count_alias_exports_the_histogram_count_as_a_counter() -> None:
    registry = CollectorRegistry()
    histogram = request_histogram("ani_test_seconds", "test", count_alias="ani_test_requests", registry=registry)
    histogram.labels(route="/a", status="200").observe(0.01)
    histogram.labels(route="/a", status="200").observe(0.02)
    histogram.labels(route="/a", status="503").observe(0.01)
    assert registry.get_sample_value("ani_test_requests_total", {"route": "/a", "status": "200"}) == 2
    assert registry.get_sample_value("ani_test_requests_total", {"route": "/a", "status": "503"}) == 1
    exposition = generate_latest(registry).decode()
    assert "# TYPE ani_test_requests_total counter" in exposition  # what a prometheus_client Counter exposes
    assert "# TYPE ani_test_seconds histogram" in exposition


def test_tracing_active_is_setup_tracings_condition() -> None:
    settings = ServiceSettings(env="test", _env_file=None)
    assert not tracing_active(settings)
    assert not tracing_active(settings.model_copy(update={"tracing_enabled": True}))
    assert tracing_active(
        settings.model_copy(update={"tracing_enabled": True, "otel_exporter_otlp_endpoint": "http://127.0.0.1:4318"})
    )
    kit = FastPathKit.from_settings(
        settings.model_copy(update={"tracing_enabled": True, "otel_exporter_otlp_endpoint": "http://127.0.0.1:4318"}),
        request_histogram("ani_test_switch_seconds", "test", registry=CollectorRegistry()),
    )
    assert not kit.enabled


class MappedError(Exception):
    pass


class SubMappedError(MappedError):
    pass


def _app() -> FastAPI:
    settings = ServiceSettings(env="test", metrics_enabled=False, _env_file=None)
    error_map: dict[type[Exception], ErrorSpec] = {
        MappedError: ErrorSpec(409, ErrorCode.CONFLICT, headers={"Retry-After": "1"})
    }
    return create_service_app(settings, title="t", error_map=error_map)


@pytest.mark.parametrize("error", [MappedError("taken"), SubMappedError("taken")])
async def test_handled_response_is_the_apps_own_handler(error: Exception) -> None:
    """Relies on ``FastAPI.exception_handlers`` holding what ``add_exception_handler`` registered, by class."""
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {**_scope([]), "state": {"trace_id": "t-1"}}
    assert await handled_response(_app(), error, scope, receive, send)
    assert sent[0]["status"] == 409
    assert (b"retry-after", b"1") in sent[0]["headers"]
    assert orjson.loads(sent[1]["body"]) == {"error": {"code": "CONFLICT", "message": "taken", "trace_id": "t-1"}}


async def test_handled_response_declines_an_unmapped_error(caplog: pytest.LogCaptureFixture) -> None:
    async def receive() -> MutableMapping[str, Any]:
        raise AssertionError("not called")

    async def send(message: MutableMapping[str, Any]) -> None:
        raise AssertionError("not called")

    with caplog.at_level(logging.ERROR):
        assert not await handled_response(_app(), RuntimeError("x"), _scope([]), receive, send)
