"""What the gateway itself guarantees: routing, hidden internals, headers, trace ids, body limits, replicas."""

from __future__ import annotations

import os
import re
import subprocess
from functools import partial

import httpx
import pytest
import yaml

from scripts.devstack.stack import ROOT, Stack
from tests.e2e.helpers import assert_error, assert_security_headers, eventually


@pytest.mark.parametrize(
    "path",
    [
        "/metrics",
        "/docs",
        "/redoc",
        "/openapi.json",
        "/health",
        "/ready",
        "/api/v1/metrics",
        "/api/v1/docs",
        "/api/v1/openapi.json",
        "/api/read/metrics",
        "/api/read/openapi.json",
        "/api/v1/auth/metrics",
        "/api/v1/auth/openapi.json",
    ],
)
async def test_internal_endpoints_are_not_reachable_through_the_gateway(gw: httpx.AsyncClient, path: str) -> None:
    response = await gw.get(path)
    assert response.status_code == 404
    assert "http_requests_total" not in response.text
    assert "openapi" not in response.text.lower()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/internal/import/titles"),
        ("POST", "/api/v1/internal/import/anime"),
        ("POST", "/api/v1/internal/import/episodes"),
        ("POST", "/api/v1/internal/import/video"),
        ("GET", "/api/v1/internal/import/titles"),
        ("POST", "/api/v1/internal"),
    ],
)
async def test_the_internal_import_api_is_not_routed(
    stack: Stack, gw: httpx.AsyncClient, method: str, path: str
) -> None:
    """Issue 15 hole 1: only the parser, on the internal network, reaches the import API (even with the token)."""
    body = {"source_name": "e2e", "titles": []}
    response = await gw.request(method, path, json=body, headers={"X-Internal-Token": stack.internal_token})
    assert response.status_code == 404
    assert "x-trace-id" not in response.headers  # Traefik's own 404: write-api never saw it


def test_the_compose_gateway_renders_the_trusted_front_proxies() -> None:
    """gateway/entrypoint.sh (compose) puts ANI_GATEWAY_TRUSTED_IPS where the devstack renderer puts it."""
    script = ROOT / "gateway" / "entrypoint.sh"

    def render(trusted: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": os.environ["PATH"], "ANI_GATEWAY_CONFIG": str(ROOT / "gateway" / "traefik.yml")}
        env["ANI_GATEWAY_TRUSTED_IPS"] = trusted
        return subprocess.run(["sh", str(script), "render"], env=env, capture_output=True, text=True, check=False)

    def trusted_ips(rendered: subprocess.CompletedProcess[str]) -> object:
        assert rendered.returncode == 0, rendered.stderr
        return yaml.safe_load(rendered.stdout)["entryPoints"]["web"]["forwardedHeaders"]["trustedIPs"]

    assert trusted_ips(render("")) == []  # the default: Traefik at the edge trusts nobody
    assert trusted_ips(render("10.1.2.3/32, fd00::/8")) == ["10.1.2.3/32", "fd00::/8"]
    assert render('1.2.3.4"]\n  insecure: true #').returncode == 2


async def test_gateway_metrics_stay_on_the_internal_entry_point(stack: Stack) -> None:
    async with httpx.AsyncClient(timeout=10) as internal:
        metrics = await internal.get(f"http://127.0.0.1:{stack.options.metrics_port}/metrics")
    assert metrics.status_code == 200
    assert "traefik_entrypoint_requests_total" in metrics.text


async def backend_health(stack: Stack) -> dict[tuple[str, str], str]:
    """Traefik's own view of each load-balanced server (its health checks of `/ready`)."""
    async with httpx.AsyncClient(timeout=10) as internal:
        text = (await internal.get(f"http://127.0.0.1:{stack.options.metrics_port}/metrics")).text
    pattern = r'traefik_service_server_up\{service="(?P<service>[^"]+)",url="(?P<url>[^"]+)"\} (?P<value>\d)'
    return {(match["service"], match["url"]): match["value"] for match in re.finditer(pattern, text)}


async def test_every_backend_instance_is_healthy_behind_the_gateway(stack: Stack) -> None:
    expected = {
        (f"{service}@file", f"http://127.0.0.1:{port}"): "1" for service, ports in stack.ports.items() for port in ports
    }
    assert len(expected) == 6  # 2 instances of each of the 3 APIs
    # The gauges appear with Traefik's first health-check round (every 5 s).
    up = await eventually(
        partial(backend_health, stack),
        lambda health: all(health.get(key) == value for key, value in expected.items()),
        timeout=15,
        what="every instance reported up by Traefik",
    )
    assert {key: up[key] for key in expected} == expected


@pytest.mark.parametrize("path", ["/api/v1/anime", "/.well-known/jwks.json", "/api/read/anime/no-such-slug"])
async def test_security_headers_and_trace_id_on_every_backend(gw: httpx.AsyncClient, path: str) -> None:
    response = await gw.get(path)
    assert response.status_code in (200, 404)
    assert_security_headers(response)
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-trace-id"])
    assert "strict-transport-security" not in response.headers  # HSTS only when served over HTTPS


async def test_a_client_trace_id_and_traceparent_are_honoured(gw: httpx.AsyncClient) -> None:
    echoed = await gw.get("/api/v1/anime/no-such-anime", headers={"X-Trace-ID": "e2e-trace-1"})
    assert_error(echoed, 404, "NOT_FOUND", "Anime not found: no-such-anime")
    assert echoed.headers["x-trace-id"] == "e2e-trace-1"

    trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    parent = await gw.get("/api/v1/users/me", headers={"traceparent": f"00-{trace}-00f067aa0ba902b7-01"})
    assert_error(parent, 401, "HTTP_ERROR")
    assert parent.headers["x-trace-id"] == trace


async def test_request_bodies_over_the_limit_are_refused_by_the_gateway(gw: httpx.AsyncClient) -> None:
    body = b'{"email": "' + b"a" * (1024 * 1024 + 10) + b'@example.org", "password": "x"}'
    response = await gw.post("/api/v1/auth/register", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413


async def test_large_responses_are_compressed(gw: httpx.AsyncClient) -> None:
    response = await gw.get("/api/v1/anime", params={"limit": 100}, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == "gzip"
    assert len(response.json()) > 10  # httpx decoded it


async def test_unknown_routes_and_methods(gw: httpx.AsyncClient) -> None:
    assert (await gw.get("/definitely/not/routed")).status_code == 404
    assert_error(await gw.get("/api/v1/nothing-here"), 404, "HTTP_ERROR", "Not Found")
    assert_error(await gw.delete("/api/v1/anime"), 405, "HTTP_ERROR", "Method Not Allowed")


async def test_cors_preflight_from_the_site_origin(stack: Stack, gw: httpx.AsyncClient) -> None:
    origin = stack.gateway_url
    response = await gw.options(
        "/api/v1/auth/login",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-trace-id",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert response.headers["access-control-allow-credentials"] == "true"
    denied = await gw.options(
        "/api/v1/auth/login",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert denied.status_code == 400
    assert "access-control-allow-origin" not in denied.headers
