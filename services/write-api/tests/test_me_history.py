from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

Auth = Callable[..., dict[str, str]]


async def watch(client: httpx.AsyncClient, headers: dict[str, str], episode: str, provider: str = "rpc") -> None:
    body = {"title_id": "t", "position_seconds": 1, "duration_seconds": 10}
    response = await client.put(
        f"/api/v1/me/progress/{episode}", params={"provider": provider}, json=body, headers=headers
    )
    assert response.status_code == 200


class TestListHistory:
    async def test_newest_first_with_limit_and_before_paging(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any
    ) -> None:
        for episode in ("e1", "e2", "e3"):
            await watch(client, auth(), episode)
        # Spread the timestamps (one transaction per request shares now(); make them distinct and ordered).
        await pg.execute(
            "UPDATE user_history SET watched_at = now() - (ascii(right(episode_id, 1)) * interval '1 minute')"
        )
        page = (await client.get("/api/v1/me/history", params={"limit": 2}, headers=auth())).json()
        assert [item["episode_id"] for item in page] == ["e1", "e2"]
        rest = await client.get("/api/v1/me/history", params={"before": page[-1]["watched_at"]}, headers=auth())
        assert [item["episode_id"] for item in rest.json()] == ["e3"]

    @pytest.mark.parametrize("limit", ["-1", "0", "101", "x"])
    async def test_limit_bounds(self, client: httpx.AsyncClient, auth: Auth, limit: str) -> None:
        response = await client.get("/api/v1/me/history", params={"limit": limit}, headers=auth())
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"

    async def test_provider_isolation(self, client: httpx.AsyncClient, auth: Auth) -> None:
        await watch(client, auth(), "e1", provider="a")
        assert (await client.get("/api/v1/me/history", params={"provider": "b"}, headers=auth())).json() == []


class TestDeleteHistory:
    async def test_delete_own_entry(self, client: httpx.AsyncClient, auth: Auth, outbox: Any) -> None:
        await watch(client, auth(), "e1", provider="p")
        entry = (await client.get("/api/v1/me/history", params={"provider": "p"}, headers=auth())).json()[0]
        response = await client.delete(f"/api/v1/me/history/{entry['id']}", headers=auth())
        assert response.json() == {"message": "History entry deleted"}
        assert (await outbox())[-1] == ("history_changed", {"user_id": 1, "provider": "p"})

    async def test_another_users_entry_is_404(self, client: httpx.AsyncClient, auth: Auth, pg: Any) -> None:
        await watch(client, auth(1), "e1")
        entry_id = await pg.fetchval("SELECT id FROM user_history")
        response = await client.delete(f"/api/v1/me/history/{entry_id}", headers=auth(2))
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "History entry not found"
        assert await pg.fetchval("SELECT count(*) FROM user_history") == 1

    @pytest.mark.parametrize("history_id", ["abc", "0", "99999999999999999999"])
    async def test_bad_ids_are_422(self, client: httpx.AsyncClient, auth: Auth, history_id: str) -> None:
        assert (await client.delete(f"/api/v1/me/history/{history_id}", headers=auth())).status_code == 422

    async def test_clear_only_this_provider(self, client: httpx.AsyncClient, auth: Auth, pg: Any) -> None:
        await watch(client, auth(), "e1")
        await watch(client, auth(), "e2")
        await watch(client, auth(), "e3", provider="other")
        response = await client.delete("/api/v1/me/history", headers=auth())
        assert response.json() == {"message": "Cleared 2 history entries"}
        assert await pg.fetchval("SELECT count(*) FROM user_history") == 1
        again = await client.delete("/api/v1/me/history", headers=auth())
        assert again.json() == {"message": "Cleared 0 history entries"}


class TestImportLegacy:
    PAYLOAD: dict[str, Any] = {
        "progress": [
            {
                "animeId": "naruto",
                "episodeNumber": 1,
                "currentTime": 10,
                "duration": 100,
                "updatedAt": 1_700_000_000_000,
            },
            {"animeId": "", "episodeNumber": 2, "currentTime": 10, "duration": 100, "updatedAt": 1_700_000_000_000},
            {"animeId": "bleach", "episodeNumber": 3, "currentTime": 10, "duration": 100, "updatedAt": 0},
            {"animeId": "x", "episodeNumber": 3, "currentTime": 500, "duration": 100, "updatedAt": 1_700_000_000_000},
        ],
        "savedSeries": [
            {"id": "naruto", "name": "Naruto", "poster": "p", "savedAt": 1_700_000_000_000},
            {"id": "", "name": "n", "poster": "p", "savedAt": 1_700_000_000_000},
        ],
    }

    async def test_imports_once_and_is_idempotent(self, client: httpx.AsyncClient, auth: Auth, pg: Any) -> None:
        first = (await client.post("/api/v1/me/import-legacy", json=self.PAYLOAD, headers=auth())).json()
        assert first == {
            "success": True,
            "progress_imported": 1,
            "progress_skipped": 3,
            "library_imported": 1,
            "library_skipped": 1,
            "message": "Imported 2 items, skipped 4 items (already up-to-date)",
        }
        progress = await pg.fetchrow("SELECT episode_id, title_id FROM user_progress")
        assert (progress["episode_id"], progress["title_id"]) == ("naruto-ep-1", "naruto")
        assert await pg.fetchval("SELECT count(*) FROM user_history") == 1
        library = await pg.fetchrow("SELECT status, is_favorite FROM user_library_items")
        assert (library["status"], library["is_favorite"]) == ("planned", True)
        second = (await client.post("/api/v1/me/import-legacy", json=self.PAYLOAD, headers=auth())).json()
        assert (second["progress_imported"], second["library_imported"]) == (0, 0)

    async def test_missing_required_item_field_is_422(self, client: httpx.AsyncClient, auth: Auth, pg: Any) -> None:
        response = await client.post("/api/v1/me/import-legacy", json={"progress": [{"animeId": "a"}]}, headers=auth())
        assert response.status_code == 422
        assert await pg.fetchval("SELECT count(*) FROM user_progress") == 0


class TestHistoryJoins:
    async def test_items_carry_the_catalog_anime_and_episode_when_there_is_one(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any, admin_catalog: dict[str, Any]
    ) -> None:
        episode_id = str(await pg.fetchval("SELECT id FROM episodes WHERE number = 1"))
        body = {"title_id": "naruto", "position_seconds": 1, "duration_seconds": 10}
        for episode, title in ((episode_id, "naruto"), ("ep-x", "naruto"), (episode_id.upper(), "unknown")):
            response = await client.put(
                f"/api/v1/me/progress/{episode}", json={**body, "title_id": title}, headers=auth(4)
            )
            assert response.status_code == 200
        await pg.execute("UPDATE user_history SET watched_at = now() - id * interval '1 minute' WHERE user_id = 4")
        items = (await client.get("/api/v1/me/history", headers=auth(4))).json()
        by_episode = {item["episode_id"]: item for item in items}
        assert by_episode[episode_id]["anime"] == {"slug": "naruto", "title": "Naruto", "poster": None}
        assert by_episode[episode_id]["episode"] == {"number": 1, "season": None, "title": "Enter: Naruto Uzumaki!"}
        # not a UUID: no episode, no error
        assert by_episode["ep-x"]["episode"] is None
        assert by_episode["ep-x"]["anime"]["slug"] == "naruto"
        # not a catalog slug
        assert by_episode[episode_id.upper()]["anime"] is None
        # paging still works
        page = (await client.get("/api/v1/me/history", params={"limit": 1}, headers=auth(4))).json()
        rest = await client.get("/api/v1/me/history", params={"before": page[0]["watched_at"]}, headers=auth(4))
        assert len(rest.json()) == 2

    async def test_inactive_anime_is_not_joined(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any, admin_catalog: dict[str, Any]
    ) -> None:
        await watch(client, auth(4), "e1")
        await pg.execute("UPDATE user_history SET title_id = 'naruto' WHERE user_id = 4")
        await pg.execute("UPDATE anime SET is_active = false WHERE slug = 'naruto'")
        [item] = (await client.get("/api/v1/me/history", headers=auth(4))).json()
        assert item["anime"] is None
