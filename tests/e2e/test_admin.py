"""The admin curation API (`/api/v1/admin/*` on write-api, issue 5) driven like the admin panel does.

Needs the admin API. Admin accounts are created with auth's own CLI (`ani-auth create-admin`); the admin logs in
through the gateway and curates the catalog that the parser imported; the public catalog reflects every change.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest_asyncio

from scripts.devstack.stack import Stack
from tests.e2e.conftest import GatewayClient
from tests.e2e.helpers import NOT_FOUND_CODES, assert_error, eventually, register

ADMIN_PASSWORD = "admin e2e password"


@pytest_asyncio.fixture
async def admin_headers(stack: Stack, gw: GatewayClient) -> dict[str, str]:
    email = f"curator-{uuid.uuid4().hex[:8]}@example.org"
    assert stack.create_admin(email, ADMIN_PASSWORD, f"curator-{uuid.uuid4().hex[:8]}")
    login = await gw.post("/api/v1/admin/login", json={"email": email, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def imported_title(stack: Stack, gw: httpx.AsyncClient) -> dict[str, Any]:
    tag = uuid.uuid4().hex[:8]
    title = {
        "source_id": f"adm-{tag}",
        "title": f"Admin Curated {tag}",
        "year": 2021,
        "status": "ongoing",
        "episodes": [
            {
                "source_episode_id": f"adm-{tag}-{n}",
                "number": n,
                "videos": [{"type": "iframe", "url": f"https://cdn.example/{tag}/{n}", "source_name": "kodik"}],
            }
            for n in (1, 2)
        ],
    }
    async with httpx.AsyncClient(base_url=stack.write_api_url, timeout=30) as internal:
        response = await internal.post(
            "/api/v1/internal/import/titles",
            json={"source_name": "e2e", "titles": [title]},
            headers={"X-Internal-Token": stack.internal_token},
        )
    assert response.status_code == 200, response.text
    slug = response.json()["results"][0]["slug"]
    detail: dict[str, Any] = (await gw.get(f"/api/v1/anime/{slug}")).json()
    return {**detail, "source_id": f"adm-{tag}", "tag": tag}


async def test_admin_routes_refuse_users_and_anonymous_callers(gw: httpx.AsyncClient) -> None:
    user = await register(gw)
    for method, path in [
        ("GET", "/api/v1/admin/dashboard"),
        ("GET", "/api/v1/admin/anime"),
        ("GET", f"/api/v1/admin/anime/{uuid.uuid4()}"),
        ("POST", "/api/v1/admin/video"),
    ]:
        assert_error(await gw.request(method, path, json={}), 401, "HTTP_ERROR", "Not authenticated")
        assert_error(
            await gw.request(method, path, json={}, headers=user.headers), 403, "HTTP_ERROR", "Admin access required"
        )


async def test_dashboard_and_anime_list(gw: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    dashboard = await gw.get("/api/v1/admin/dashboard", headers=admin_headers)
    assert dashboard.status_code == 200
    body = dashboard.json()
    assert body["total_anime"] >= 10
    assert body["total_anime"] == body["active_anime"] + body["inactive_anime"]
    assert len(body["recent_anime"]) <= 5

    page = await gw.get("/api/v1/admin/anime", params={"per_page": 5}, headers=admin_headers)
    assert page.status_code == 200
    listed = page.json()
    assert set(listed) >= {"items", "total", "page", "per_page", "total_pages"}
    assert len(listed["items"]) == 5
    assert listed["total_pages"] == -(-listed["total"] // 5)
    assert_error(
        await gw.get("/api/v1/admin/anime", params={"per_page": 101}, headers=admin_headers), 422, "VALIDATION_ERROR"
    )


async def test_edit_an_anime_and_the_public_catalog_follows(
    stack: Stack, gw: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    anime = await imported_title(stack, gw)
    path = f"/api/v1/admin/anime/{anime['id']}"

    detail = await gw.get(path, headers=admin_headers)
    assert detail.status_code == 200
    assert detail.json()["source_id"] == anime["source_id"]
    assert detail.json()["admin_modified"] is False

    edited = await gw.patch(path, json={"title": "Curated Title", "year": 2022}, headers=admin_headers)
    assert edited.status_code == 200
    assert edited.json()["title"] == "Curated Title"
    assert edited.json()["admin_modified"] is True
    assert (await gw.get(f"/api/v1/anime/{anime['slug']}")).json()["title"] == "Curated Title"

    for bad in ({"status": "airing"}, {"title": None}, {"year": 1500}):
        assert_error(await gw.patch(path, json=bad, headers=admin_headers), 422, "VALIDATION_ERROR")

    hidden = await gw.patch(path, json={"is_active": False}, headers=admin_headers)
    assert hidden.status_code == 200
    assert_error(await gw.get(f"/api/v1/anime/{anime['slug']}"), 404, NOT_FOUND_CODES)
    assert_error(
        await gw.get(f"/api/v1/admin/anime/{uuid.uuid4()}", headers=admin_headers),
        404,
        NOT_FOUND_CODES,
        "Anime not found",
    )
    assert_error(await gw.get("/api/v1/admin/anime/not-a-uuid", headers=admin_headers), 422, "VALIDATION_ERROR")


async def test_a_duplicate_slug_is_a_conflict(
    stack: Stack, gw: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    first = await imported_title(stack, gw)
    second = await imported_title(stack, gw)
    response = await gw.patch(
        f"/api/v1/admin/anime/{second['id']}", json={"slug": first["slug"]}, headers=admin_headers
    )
    assert_error(response, 409, "CONFLICT")


async def test_episodes_and_video_sources(stack: Stack, gw: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    anime = await imported_title(stack, gw)
    episodes = await gw.get(f"/api/v1/admin/anime/{anime['id']}/episodes", headers=admin_headers)
    assert episodes.status_code == 200
    assert episodes.json()["total"] == 2
    first = episodes.json()["items"][0]

    renamed = await gw.patch(f"/api/v1/admin/episodes/{first['id']}", json={"title": "Pilot"}, headers=admin_headers)
    assert renamed.status_code == 200
    assert renamed.json()["title"] == "Pilot"

    created = await gw.post(
        "/api/v1/admin/video",
        json={
            "episode_id": first["id"],
            "type": "iframe",
            "url": "https://cdn.example/admin",
            "source_name": "admin",
            "priority": 10,
        },
        headers=admin_headers,
    )
    assert created.status_code == 201
    video = created.json()
    assert video["admin_modified"] is True
    bad_url = await gw.post(
        "/api/v1/admin/video",
        json={"episode_id": first["id"], "type": "iframe", "url": "javascript:alert(1)", "source_name": "admin"},
        headers=admin_headers,
    )
    assert_error(bad_url, 422, "VALIDATION_ERROR")
    bad_type = await gw.post(
        "/api/v1/admin/video",
        json={"episode_id": first["id"], "type": "flash", "url": "https://cdn.example/x", "source_name": "admin"},
        headers=admin_headers,
    )
    assert_error(bad_type, 422, "VALIDATION_ERROR")

    public = (await gw.get(f"/api/v1/anime/{anime['slug']}/episodes")).json()
    assert public[0]["video_sources"][0]["url"] == "https://cdn.example/admin"  # highest priority first

    sources = await gw.get(f"/api/v1/admin/episodes/{first['id']}/video", headers=admin_headers)
    assert sources.json()["total"] == 2
    off = await gw.post(f"/api/v1/admin/video/{video['id']}/state", json={"is_active": False}, headers=admin_headers)
    assert off.json()["is_active"] is False
    deleted = await gw.delete(f"/api/v1/admin/video/{video['id']}", headers=admin_headers)
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert_error(
        await gw.delete(f"/api/v1/admin/video/{video['id']}", headers=admin_headers),
        404,
        NOT_FOUND_CODES,
        "Video source not found",
    )

    detached = await gw.post(
        f"/api/v1/admin/episodes/{first['id']}/detach", json={"reason": "broken"}, headers=admin_headers
    )
    assert detached.json()["is_active"] is False
    assert [episode["number"] for episode in (await gw.get(f"/api/v1/anime/{anime['slug']}/episodes")).json()] == [2]


async def test_an_admin_edit_survives_the_next_import(
    stack: Stack, gw: httpx.AsyncClient, admin_headers: dict[str, str], internal: httpx.AsyncClient
) -> None:
    anime = await imported_title(stack, gw)
    await gw.patch(f"/api/v1/admin/anime/{anime['id']}", json={"title": "Kept By The Admin"}, headers=admin_headers)
    again = await internal.post(
        "/api/v1/internal/import/titles",
        json={
            "source_name": "e2e",
            "titles": [{"source_id": anime["source_id"], "title": "Provider Title", "year": 2030}],
        },
        headers={"X-Internal-Token": stack.internal_token},
    )
    assert again.status_code == 200
    public = (await gw.get(f"/api/v1/anime/{anime['slug']}")).json()
    assert public["title"] == "Kept By The Admin"  # locked field
    assert public["year"] == 2030  # field-level locks: unedited fields still follow the provider


async def test_edits_are_audited_and_reach_the_read_models(
    stack: Stack, gw: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    anime = await imported_title(stack, gw)
    edited = await gw.patch(
        f"/api/v1/admin/anime/{anime['id']}", json={"title": "Audited Title"}, headers=admin_headers
    )
    assert edited.status_code == 200

    logs = await gw.get("/api/v1/admin/audit-logs", params={"resource_id": anime["id"]}, headers=admin_headers)
    assert logs.status_code == 200
    [entry] = logs.json()["items"]
    assert (entry["action"], entry["resource_type"]) == ("update", "anime")
    assert entry["changes"]["title"]["new"] == "Audited Title"
    assert entry["admin_email"].startswith("curator-")
    bad_filter = await gw.get("/api/v1/admin/audit-logs", params={"action": "explode"}, headers=admin_headers)
    assert_error(bad_filter, 422, "VALIDATION_ERROR")

    await eventually(
        lambda: gw.get(f"/api/read/anime/{anime['slug']}"),
        lambda response: response.status_code == 200 and response.json()["title"] == "Audited Title",
        timeout=5,
        what="the admin edit in the read model",
    )


async def test_a_read_model_rebuild_requested_by_an_admin(
    stack: Stack, gw: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    anime = await imported_title(stack, gw)
    started = await gw.post(
        "/api/v1/admin/read-models/rebuild", json={"scope": "anime", "target": anime["slug"]}, headers=admin_headers
    )
    assert started.status_code == 202
    job_id = started.json()["job_id"]

    job = await eventually(
        lambda: gw.get(f"/api/v1/admin/read-models/rebuild/{job_id}", headers=admin_headers),
        lambda response: response.json()["status"] in ("succeeded", "failed"),
        timeout=10,
        what="the rebuild job to finish",
    )
    assert job.json()["status"] == "succeeded", job.json()
    assert (await gw.get(f"/api/read/anime/{anime['slug']}")).status_code == 200

    invalid = await gw.post(
        "/api/v1/admin/read-models/rebuild", json={"scope": "all", "target": "x"}, headers=admin_headers
    )
    assert_error(invalid, 422, "VALIDATION_ERROR")
    unknown = await gw.get(f"/api/v1/admin/read-models/rebuild/{uuid.uuid4()}", headers=admin_headers)
    assert_error(unknown, 404, NOT_FOUND_CODES)
