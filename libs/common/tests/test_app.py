"""The assembled app: error envelopes, trace ids, security headers, CORS, health/ready, metrics."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping

import httpx
import pytest
import pytest_asyncio
from fastapi import APIRouter, FastAPI, Query, Request
from pydantic import BaseModel

from ani_common.app import create_service_app, served_app
from ani_common.config import ServiceSettings
from ani_common.errors import ApiError, ErrorCode, ErrorSpec
from ani_common.health import ReadinessCheck
from ani_common.security import CONTENT_SECURITY_POLICY
from ani_common.testing.plugin import AsgiClientFactory

ORIGIN = "http://frontend.test"


class WidgetNotFoundError(Exception):
    pass


class Body(BaseModel):
    name: str
    count: int


router = APIRouter()


@router.post("/widgets")
async def create_widget(body: Body) -> dict[str, object]:
    return {"name": body.name, "count": body.count}


@router.get("/widgets/{widget_id}")
async def get_widget(widget_id: int) -> dict[str, int]:
    if widget_id == 0:
        raise WidgetNotFoundError
    return {"id": widget_id}


@router.get("/guarded")
async def guarded() -> None:
    raise ApiError(401, "Not authenticated", headers={"WWW-Authenticate": "Bearer"})


@router.get("/boom")
async def boom(secret: str = Query("")) -> None:
    raise RuntimeError(f"database password is {secret}")


class FailingCheckError(Exception):
    pass


def build_app(*, ready: bool = True, settings: ServiceSettings | None = None) -> FastAPI:
    async def ok() -> None:
        return None

    async def broken() -> None:
        raise FailingCheckError

    def checks(_: Request) -> Mapping[str, ReadinessCheck]:
        return {"database": ok, "redis": ok if ready else broken}

    return create_service_app(
        settings or ServiceSettings(allowed_origins=ORIGIN, _env_file=None),
        title="test",
        routers=[router],
        error_map={WidgetNotFoundError: ErrorSpec(404, ErrorCode.NOT_FOUND, "Widget not found")},
        readiness=checks,
    )


@pytest_asyncio.fixture
async def client(asgi_client: AsgiClientFactory) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(build_app()) as http:
        yield http


async def test_validation_error_envelope_has_details_without_values(client: httpx.AsyncClient) -> None:
    response = await client.post("/widgets", json={"name": "x", "count": "not-a-number-hunter2"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["message"] == "Invalid request data"
    assert error["details"] == [{"loc": ["body", "count"], "msg": error["details"][0]["msg"]}]
    assert "hunter2" not in response.text


async def test_wrong_content_type_is_a_validation_error(client: httpx.AsyncClient) -> None:
    response = await client.post("/widgets", content=b"name=x", headers={"content-type": "text/plain"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize("body", [b"\xff\xfe", b'{"name": "x", "count": 1', b"\x00"])
async def test_a_body_that_is_not_json_in_utf8_is_the_documented_422(client: httpx.AsyncClient, body: bytes) -> None:
    response = await client.post("/widgets", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["details"][0]["loc"][0] == "body"


async def test_unparsable_path_parameter_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/widgets/abc")
    assert response.status_code == 422


async def test_mapped_application_error(client: httpx.AsyncClient) -> None:
    response = await client.get("/widgets/0", headers={"X-Trace-ID": "trace-1"})
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "NOT_FOUND", "message": "Widget not found", "trace_id": "trace-1"}}


async def test_api_error_keeps_its_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/guarded")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"] == {
        "code": "HTTP_ERROR",
        "message": "Not authenticated",
        "trace_id": response.headers["x-trace-id"],
    }


async def test_unknown_route_and_wrong_method(client: httpx.AsyncClient) -> None:
    missing = await client.get("/nowhere")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "Not Found"
    wrong = await client.delete("/widgets")
    assert wrong.status_code == 405
    assert wrong.json()["error"] == {
        "code": "HTTP_ERROR",
        "message": "Method Not Allowed",
        "trace_id": wrong.headers["x-trace-id"],
    }


async def test_unhandled_error_is_a_500_with_trace_id_headers_and_cors(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = await client.get("/boom?secret=hunter2", headers={"X-Trace-ID": "req-500", "Origin": ORIGIN})
    assert response.status_code == 500
    assert response.json() == {
        "error": {"code": "INTERNAL_ERROR", "message": "An unexpected error occurred", "trace_id": "req-500"}
    }
    assert "hunter2" not in response.text
    assert response.headers["x-trace-id"] == "req-500"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["access-control-allow-origin"] == ORIGIN


async def test_trace_id_from_traceparent_wins(client: httpx.AsyncClient) -> None:
    trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    response = await client.get(
        "/widgets/0", headers={"traceparent": f"00-{trace}-00f067aa0ba902b7-01", "X-Trace-ID": "other"}
    )
    assert response.headers["x-trace-id"] == trace
    assert response.json()["error"]["trace_id"] == trace


@pytest.mark.parametrize("bad", ["has space", "x" * 129, 'quote"d', "semi;colon", "<script>"])
async def test_unsafe_client_trace_ids_are_replaced(client: httpx.AsyncClient, bad: str) -> None:
    response = await client.get("/health", headers={"X-Trace-ID": bad})
    generated = response.headers["x-trace-id"]
    assert generated != bad
    assert len(generated) == 32


async def test_invalid_traceparent_falls_back_to_x_trace_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"traceparent": "00-" + "0" * 32 + "-00f067aa0ba902b7-01"})
    assert len(response.headers["x-trace-id"]) == 32
    response = await client.get("/health", headers={"traceparent": "garbage", "X-Trace-ID": "mine"})
    assert response.headers["x-trace-id"] == "mine"


async def test_security_headers_without_hsts_by_default(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-xss-protection"] == "1; mode=block"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "strict-transport-security" not in response.headers


async def test_hsts_when_secure(asgi_client: AsgiClientFactory) -> None:
    settings = ServiceSettings(cookie_secure=True, _env_file=None)
    async with asgi_client(build_app(settings=settings)) as http:
        response = await http.get("/health")
    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"


async def test_cors_preflight_allows_trace_id_header(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/widgets",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-trace-id, authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "x-trace-id" in response.headers["access-control-allow-headers"].lower()


async def test_cors_exposes_trace_id_and_rejects_other_origins(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"Origin": ORIGIN})
    assert "x-trace-id" in response.headers["access-control-expose-headers"].lower()
    other = await client.options(
        "/widgets", headers={"Origin": "http://evil.test", "Access-Control-Request-Method": "POST"}
    )
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers


async def test_health_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "healthy", "version": "1.0.0"}
    ready = await client.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "redis": "ok"}}


async def test_ready_is_503_when_a_check_fails(asgi_client: AsgiClientFactory) -> None:
    async with asgi_client(build_app(ready=False)) as http:
        response = await http.get("/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "redis": "error"}}


async def test_metrics_are_exposed(client: httpx.AsyncClient) -> None:
    await client.get("/widgets/5")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert "http_requests_total" in response.text
    assert "http_request_duration_seconds" in response.text
    assert "/metrics" not in (await client.get("/openapi.json")).json()["paths"]


async def test_production_hides_docs_and_openapi(asgi_client: AsgiClientFactory) -> None:
    settings = ServiceSettings(env="production", cookie_secure=True, allowed_origins=ORIGIN, _env_file=None)
    async with asgi_client(build_app(settings=settings)) as http:
        assert (await http.get("/openapi.json")).status_code == 404
        assert (await http.get("/docs")).status_code == 404
    async with asgi_client(build_app()) as http:
        assert (await http.get("/openapi.json")).status_code == 200


def test_the_served_app_freezes_the_startup_heap() -> None:
    """Objects alive after the build leave the collector's generations; startup garbage is collected first."""
    import gc
    import weakref

    class Node:
        def __init__(self) -> None:
            self.me = self

    garbage: list[weakref.ref[Node]] = []

    def build() -> dict[str, Node]:
        garbage.append(weakref.ref(Node()))  # a reference cycle, garbage as soon as it is built
        return {"app": Node()}

    gc.unfreeze()
    try:
        app = served_app(build)
        assert garbage[0]() is None  # collected, not frozen forever
        assert gc.get_freeze_count() > 0
        assert app["app"] not in gc.get_objects()  # frozen: no collection rescans it
    finally:
        gc.unfreeze()
