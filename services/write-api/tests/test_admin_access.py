"""Every admin route: 401 without (or with a bad) token, 403 with a user token, 404 for unknown ids, 422 for
unparsable ids — always the contract envelope."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from ani_common.testing.keys import TestSigner
from ani_common.tokens import PrincipalKind
from ani_write.openapi import openapi_document

NOWHERE = str(uuid.uuid4())

# (method, path, JSON body, message of the 404 when the ids do not exist, or None)
A, E, V = "Anime not found", "Episode not found", "Video source not found"
ROUTES: list[tuple[str, str, dict[str, Any] | None, str | None]] = [
    ("GET", "/api/v1/admin/dashboard", None, None),
    ("GET", "/api/v1/admin/anime", None, None),
    ("POST", "/api/v1/admin/anime", {"title": "New"}, None),
    ("GET", f"/api/v1/admin/anime/{NOWHERE}", None, A),
    ("PATCH", f"/api/v1/admin/anime/{NOWHERE}", {"title": "X"}, A),
    ("DELETE", f"/api/v1/admin/anime/{NOWHERE}", None, A),
    ("DELETE", f"/api/v1/admin/anime/{NOWHERE}/locks", None, A),
    ("GET", f"/api/v1/admin/anime/{NOWHERE}/episodes", None, A),
    ("POST", "/api/v1/admin/episodes", {"anime_id": NOWHERE, "number": 1, "source_episode_id": "x"}, A),
    ("PATCH", f"/api/v1/admin/episodes/{NOWHERE}", {"title": "X"}, E),
    ("POST", f"/api/v1/admin/episodes/{NOWHERE}/attach", {"anime_id": NOWHERE}, E),
    ("POST", f"/api/v1/admin/episodes/{NOWHERE}/detach", {}, E),
    ("DELETE", f"/api/v1/admin/episodes/{NOWHERE}", None, E),
    ("DELETE", f"/api/v1/admin/episodes/{NOWHERE}/locks", None, E),
    ("GET", f"/api/v1/admin/episodes/{NOWHERE}/video", None, E),
    (
        "POST",
        "/api/v1/admin/video",
        {"episode_id": NOWHERE, "type": "iframe", "url": "https://x.example/v", "source_name": "s"},
        E,
    ),
    ("PATCH", f"/api/v1/admin/video/{NOWHERE}", {"priority": 1}, V),
    ("POST", f"/api/v1/admin/video/{NOWHERE}/state", {"is_active": False}, V),
    ("DELETE", f"/api/v1/admin/video/{NOWHERE}", None, V),
    ("DELETE", f"/api/v1/admin/video/{NOWHERE}/locks", None, V),
    ("GET", "/api/v1/admin/audit-logs", None, None),
    ("POST", "/api/v1/admin/read-models/rebuild", {"scope": "all"}, None),
    ("GET", f"/api/v1/admin/read-models/rebuild/{NOWHERE}", None, "Rebuild job not found"),
]
Route = tuple[str, str, dict[str, Any] | None, str | None]


def _id(route: Route) -> str:
    return f"{route[0]} {route[1].replace(NOWHERE, '{id}')}"


async def _call(client: httpx.AsyncClient, route: Route, headers: dict[str, str] | None = None) -> httpx.Response:
    method, path, body, _ = route
    return await client.request(method, path, json=body, headers=headers or {})


# One app per test, every route inside it (an app start per route would dominate the suite's time).


async def test_no_token_is_401(client: httpx.AsyncClient) -> None:
    for route in ROUTES:
        response = await _call(client, route)
        assert response.status_code == 401, _id(route)
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["message"] == "Not authenticated"


async def test_non_bearer_scheme_is_401(client: httpx.AsyncClient) -> None:
    for route in ROUTES:
        response = await _call(client, route, {"Authorization": "Basic YWRtaW46YWRtaW4="})
        assert response.status_code == 401, _id(route)


async def test_user_token_is_403(client: httpx.AsyncClient, user_headers: dict[str, str]) -> None:
    for route in ROUTES:
        response = await _call(client, route, user_headers)
        assert response.status_code == 403, _id(route)
        assert response.json()["error"] == {
            "code": "HTTP_ERROR",
            "message": "Admin access required",
            "trace_id": response.headers["x-trace-id"],
        }


async def test_expired_admin_token_is_401(client: httpx.AsyncClient, signer: TestSigner) -> None:
    token = signer.token(1, PrincipalKind.ADMIN, issued_at=1_000_000, ttl_seconds=60)
    response = await client.get("/api/v1/admin/dashboard", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Could not validate admin credentials"


async def test_unknown_ids_are_404(client: httpx.AsyncClient, admin_headers: dict[str, str], pg: Any) -> None:
    for route in ROUTES:
        if route[3] is None:
            continue
        response = await _call(client, route, admin_headers)
        assert response.status_code == 404, _id(route)
        error = response.json()["error"]
        assert (error["code"], error["message"]) == ("NOT_FOUND", route[3]), _id(route)
    assert await pg.fetchval("SELECT count(*) FROM audit_logs") == 0
    assert await pg.fetchval("SELECT count(*) FROM outbox") == 0


async def test_unparsable_ids_are_422(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    for route in ROUTES:
        if NOWHERE not in route[1]:
            continue
        response = await _call(
            client, (route[0], route[1].replace(NOWHERE, "not-a-uuid"), route[2], None), admin_headers
        )
        assert response.status_code == 422, _id(route)
        body = response.json()["error"]
        assert (body["code"], body["message"]) == ("VALIDATION_ERROR", "Invalid request data")
        assert body["details"]


async def test_non_json_body_is_422(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    response = await client.post("/api/v1/admin/anime", content="title=x", headers=admin_headers)
    assert response.status_code == 422


def test_admin_routes_are_documented() -> None:
    paths = openapi_document()["paths"]
    for method, path, _, _ in ROUTES:
        template = re.sub(r"\{[a-z_]+\}", "{id}", path.replace(NOWHERE, "{id}"))
        matching = [p for p in paths if re.sub(r"\{[a-z_]+\}", "{id}", p) == template]
        assert matching, template
        assert method.lower() in paths[matching[0]], template
