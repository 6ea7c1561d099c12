"""A signed-in user's library, progress and history (write-api), through the gateway."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import ClientFactory
from tests.e2e.helpers import Account, assert_error, register

LIBRARY_FIELDS = {"id", "user_id", "provider", "title_id", "status", "is_favorite", "created_at", "updated_at"}
PROGRESS_FIELDS = {
    "id",
    "user_id",
    "provider",
    "title_id",
    "episode_id",
    "position_seconds",
    "duration_seconds",
    "updated_at",
}
HISTORY_FIELDS = {"id", "user_id", "provider", "title_id", "episode_id", "position_seconds", "watched_at"}


async def test_every_me_route_needs_a_user_token(gw: httpx.AsyncClient) -> None:
    routes = [
        ("GET", "/api/v1/me/library"),
        ("PUT", "/api/v1/me/library/some-title"),
        ("DELETE", "/api/v1/me/library/some-title"),
        ("GET", "/api/v1/me/progress"),
        ("PUT", "/api/v1/me/progress/some-episode"),
        ("GET", "/api/v1/me/history"),
        ("DELETE", "/api/v1/me/history/1"),
        ("DELETE", "/api/v1/me/history"),
        ("POST", "/api/v1/me/import-legacy"),
    ]
    for method, path in routes:
        response = await gw.request(method, path, json={})
        error = assert_error(response, 401, "HTTP_ERROR", "Not authenticated")
        assert error["message"] == "Not authenticated", (method, path)
        assert response.headers["www-authenticate"].startswith("Bearer")


async def test_library_upsert_list_filter_delete(gw: httpx.AsyncClient) -> None:
    user = await register(gw)
    created = await gw.put("/api/v1/me/library/ataka-titanov", json={}, headers=user.headers)
    assert created.status_code == 200
    item = created.json()
    assert set(item) >= LIBRARY_FIELDS
    assert item["status"] == "watching"
    assert item["is_favorite"] is False
    assert item["provider"] == "rpc"

    updated = await gw.put(
        "/api/v1/me/library/ataka-titanov",
        json={"status": "completed", "is_favorite": True, "score": 9},
        headers=user.headers,
    )
    assert updated.status_code == 200
    assert updated.json()["id"] == item["id"]
    assert updated.json()["status"] == "completed"
    assert updated.json()["score"] == 9
    await gw.put("/api/v1/me/library/other-title", json={"status": "planned"}, headers=user.headers)

    listed = (await gw.get("/api/v1/me/library", headers=user.headers)).json()
    assert [entry["title_id"] for entry in listed] == ["other-title", "ataka-titanov"]  # updated_at DESC
    favorites = (await gw.get("/api/v1/me/library", params={"favorites": "true"}, headers=user.headers)).json()
    assert [entry["title_id"] for entry in favorites] == ["ataka-titanov"]
    planned = (await gw.get("/api/v1/me/library", params={"status": "planned"}, headers=user.headers)).json()
    assert [entry["title_id"] for entry in planned] == ["other-title"]
    other_provider = (await gw.get("/api/v1/me/library", params={"provider": "kodik"}, headers=user.headers)).json()
    assert other_provider == []

    bad = await gw.put("/api/v1/me/library/x", json={"status": "WATCHING"}, headers=user.headers)
    assert_error(bad, 422, "VALIDATION_ERROR")
    assert_error(
        await gw.get("/api/v1/me/library", params={"provider": "Bad Provider"}, headers=user.headers),
        422,
        "VALIDATION_ERROR",
    )
    no_body = await gw.put("/api/v1/me/library/x", headers=user.headers)
    assert_error(no_body, 422, "VALIDATION_ERROR")

    removed = await gw.delete("/api/v1/me/library/other-title", headers=user.headers)
    assert removed.status_code == 200
    assert removed.json() == {"message": "Library item removed"}
    again = await gw.delete("/api/v1/me/library/other-title", headers=user.headers)
    assert_error(again, 404, "NOT_FOUND", "Library item not found")


async def test_progress_and_history(gw: httpx.AsyncClient) -> None:
    user = await register(gw)
    saved = await gw.put(
        "/api/v1/me/progress/ep-1",
        json={"title_id": "ataka-titanov", "position_seconds": 30.5, "duration_seconds": 1400},
        headers=user.headers,
    )
    assert saved.status_code == 200
    assert set(saved.json()) >= PROGRESS_FIELDS
    assert saved.json()["position_seconds"] == 30.5
    await gw.put(
        "/api/v1/me/progress/ep-2",
        json={"title_id": "ataka-titanov", "position_seconds": 10, "duration_seconds": 1400},
        headers=user.headers,
    )
    await gw.put(
        "/api/v1/me/progress/ep-1",
        json={"title_id": "ataka-titanov", "position_seconds": 90, "duration_seconds": 1400},
        headers=user.headers,
    )

    progress = (await gw.get("/api/v1/me/progress", headers=user.headers)).json()
    assert [(entry["episode_id"], entry["position_seconds"]) for entry in progress] == [("ep-1", 90.0), ("ep-2", 10.0)]
    history = (await gw.get("/api/v1/me/history", headers=user.headers)).json()
    assert set(history[0]) >= HISTORY_FIELDS
    assert [(entry["episode_id"], entry["position_seconds"]) for entry in history] == [("ep-1", 90.0), ("ep-2", 10.0)]

    for body in (
        {"title_id": "t", "position_seconds": -1, "duration_seconds": 10},
        {"title_id": "t", "position_seconds": 100, "duration_seconds": 10},
        {"position_seconds": 1, "duration_seconds": 10},
    ):
        response = await gw.put("/api/v1/me/progress/ep-x", json=body, headers=user.headers)
        assert_error(response, 422, "VALIDATION_ERROR")
    infinite = await gw.put(
        "/api/v1/me/progress/ep-x",
        content=b'{"title_id": "t", "position_seconds": 1e400, "duration_seconds": 1e400}',
        headers={**user.headers, "content-type": "application/json"},
    )
    assert_error(infinite, 422, "VALIDATION_ERROR")
    assert_error(
        await gw.get("/api/v1/me/history", params={"limit": 101}, headers=user.headers), 422, "VALIDATION_ERROR"
    )
    assert_error(
        await gw.get("/api/v1/me/history", params={"limit": -1}, headers=user.headers), 422, "VALIDATION_ERROR"
    )
    assert len((await gw.get("/api/v1/me/history", params={"limit": 1}, headers=user.headers)).json()) == 1

    deleted = await gw.delete(f"/api/v1/me/history/{history[1]['id']}", headers=user.headers)
    assert deleted.json() == {"message": "History entry deleted"}
    assert_error(
        await gw.delete(f"/api/v1/me/history/{history[1]['id']}", headers=user.headers),
        404,
        "NOT_FOUND",
        "History entry not found",
    )
    assert_error(await gw.delete("/api/v1/me/history/not-a-number", headers=user.headers), 422, "VALIDATION_ERROR")
    cleared = await gw.delete("/api/v1/me/history", headers=user.headers)
    assert cleared.json() == {"message": "Cleared 1 history entries"}
    assert (await gw.get("/api/v1/me/history", headers=user.headers)).json() == []


async def test_users_never_see_each_other(gw: httpx.AsyncClient, new_client: ClientFactory) -> None:
    alice = await register(gw)
    bob: Account = await register(new_client())
    await gw.put("/api/v1/me/library/secret-title", json={}, headers=alice.headers)
    await gw.put(
        "/api/v1/me/progress/ep-1",
        json={"title_id": "t", "position_seconds": 1, "duration_seconds": 2},
        headers=alice.headers,
    )
    alice_history = (await gw.get("/api/v1/me/history", headers=alice.headers)).json()

    assert (await gw.get("/api/v1/me/library", headers=bob.headers)).json() == []
    assert (await gw.get("/api/v1/me/progress", headers=bob.headers)).json() == []
    assert_error(await gw.delete("/api/v1/me/library/secret-title", headers=bob.headers), 404, "NOT_FOUND")
    stolen = await gw.delete(f"/api/v1/me/history/{alice_history[0]['id']}", headers=bob.headers)
    assert_error(stolen, 404, "NOT_FOUND", "History entry not found")
    assert len((await gw.get("/api/v1/me/history", headers=alice.headers)).json()) == 1


async def test_import_legacy_is_idempotent(gw: httpx.AsyncClient) -> None:
    user = await register(gw)
    body = {
        "progress": [
            {
                "animeId": "naruto",
                "episodeNumber": 3,
                "currentTime": 120.0,
                "duration": 1400.0,
                "updatedAt": 1_700_000_000_000,
            },
            {"animeId": "", "episodeNumber": 1, "currentTime": 1.0, "duration": 2.0, "updatedAt": 1_700_000_000_000},
        ],
        "savedSeries": [{"id": "bleach", "name": "Bleach", "poster": "", "savedAt": 1_700_000_000_000}],
    }
    first = await gw.post("/api/v1/me/import-legacy", json=body, headers=user.headers)
    assert first.status_code == 200
    assert first.json() == {
        "success": True,
        "progress_imported": 1,
        "progress_skipped": 1,
        "library_imported": 1,
        "library_skipped": 0,
        "message": "Imported 2 items, skipped 1 items (already up-to-date)",
    }
    second = await gw.post("/api/v1/me/import-legacy", json=body, headers=user.headers)
    assert second.json()["progress_imported"] == 0
    assert second.json()["library_imported"] == 0
    [progress] = (await gw.get("/api/v1/me/progress", headers=user.headers)).json()
    assert progress["episode_id"] == "naruto-ep-3"
    [saved] = (await gw.get("/api/v1/me/library", headers=user.headers)).json()
    assert (saved["title_id"], saved["status"], saved["is_favorite"]) == ("bleach", "planned", True)
    missing_field = await gw.post(
        "/api/v1/me/import-legacy", json={"progress": [{"animeId": "x"}]}, headers=user.headers
    )
    assert_error(missing_field, 422, "VALIDATION_ERROR")
