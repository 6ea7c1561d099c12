from __future__ import annotations

import httpx


async def test_health_answers_without_io(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "healthy", "version": "1.0.0"}
    assert "x-trace-id" in response.headers


async def test_ready_checks_the_database_only(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok"}}


async def test_unknown_route_is_enveloped(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nope", headers={"X-Trace-ID": "abc-123"})
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "HTTP_ERROR", "message": "Not Found", "trace_id": "abc-123"}}
