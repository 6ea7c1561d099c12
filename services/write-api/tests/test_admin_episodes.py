"""Admin episode and video source curation: create/edit/attach/detach/delete, conflicts, locks, audit, events."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import ADMIN_SEED_SOURCE, AuditReader, OutboxReader

EPISODES = "/api/v1/admin/episodes"
VIDEO = "/api/v1/admin/video"


def _event(catalog: dict[str, Any], slug: str) -> tuple[str, dict[str, Any]]:
    return "anime_changed", {"anime_id": catalog[slug], "slug": slug}


class TestListEpisodes:
    async def test_all_episodes_by_number(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any], pg: Any
    ) -> None:
        await pg.execute("UPDATE episodes SET is_active = false WHERE id = $1", admin_catalog["episode1"])
        response = await client.get(f"/api/v1/admin/anime/{admin_catalog['naruto']}/episodes", headers=admin_headers)
        assert response.status_code == 200
        body = response.json()
        assert (body["total"], body["anime_title"]) == (2, "Naruto")
        assert [(item["number"], item["is_active"]) for item in body["items"]] == [(1, False), (2, True)]
        assert set(body["items"][0]) == {
            "id", "anime_id", "number", "season", "title", "source_episode_id", "is_active", "admin_modified",
            "locked_fields", "created_at", "updated_at",
        }  # fmt: skip


class TestCreateEpisode:
    async def test_creates_locked_and_audited(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        internal: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
        pg: Any,
    ) -> None:
        body = {"anime_id": admin_catalog["naruto"], "number": 3, "title": "Special", "source_episode_id": "20:3"}
        response = await client.post(EPISODES, json=body, headers=admin_headers)
        assert response.status_code == 201
        created = response.json()
        assert (created["number"], created["title"], created["is_active"], created["admin_modified"]) == (
            3,
            "Special",
            True,
            True,
        )
        assert created["locked_fields"] == ["number", "title"]
        [entry] = await audit_rows()
        assert (entry["action"], entry["resource_type"], entry["resource_id"]) == ("create", "episode", created["id"])
        assert entry["changes"]["anime_id"] == admin_catalog["naruto"]
        assert entry["changes"]["number"] == 3
        assert await outbox() == [_event(admin_catalog, "naruto")]

        # a later import of the same source episode keeps the admin's values
        imported = {
            "source_name": ADMIN_SEED_SOURCE,
            "titles": [
                {"source_id": "20", "title": "Naruto", "episodes": [{"source_episode_id": "20:3", "number": 30}]}
            ],
        }
        assert (await client.post("/api/v1/internal/import/titles", json=imported, headers=internal)).status_code == 200
        row = await pg.fetchrow("SELECT number, title FROM episodes WHERE id = $1", created["id"])
        assert tuple(row) == (3, "Special")

    async def test_duplicate_source_episode_id_is_409(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
    ) -> None:
        body = {"anime_id": admin_catalog["naruto"], "number": 9, "source_episode_id": "20:1"}
        response = await client.post(EPISODES, json=body, headers=admin_headers)
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "CONFLICT"
        assert await audit_rows() == []
        assert await outbox() == []

    @pytest.mark.parametrize(
        "changes",
        [{"number": -1}, {"number": None}, {"source_episode_id": ""}, {"anime_id": "nope"}, {"title": 5}],
    )
    async def test_invalid_is_422(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        changes: dict[str, Any],
    ) -> None:
        body = {"anime_id": admin_catalog["naruto"], "number": 3, "source_episode_id": "x", **changes}
        assert (await client.post(EPISODES, json=body, headers=admin_headers)).status_code == 422


class TestUpdateEpisode:
    async def test_updates_locks_and_audits(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
    ) -> None:
        url = f"{EPISODES}/{admin_catalog['episode2']}"
        response = await client.patch(url, json={"title": "Named", "number": 2}, headers=admin_headers)
        assert response.status_code == 200
        assert (response.json()["title"], response.json()["locked_fields"]) == ("Named", ["title"])
        [entry] = await audit_rows()
        assert entry["changes"] == {"title": {"old": None, "new": "Named"}}
        assert await outbox() == [_event(admin_catalog, "naruto")]
        # same values again: no write
        await client.patch(url, json={"title": "Named"}, headers=admin_headers)
        assert len(await audit_rows()) == 1

    @pytest.mark.parametrize("body", [{"number": None}, {"is_active": None}, {"number": -5}, {"season": -1}])
    async def test_invalid_is_422(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        body: dict[str, Any],
    ) -> None:
        url = f"{EPISODES}/{admin_catalog['episode2']}"
        assert (await client.patch(url, json=body, headers=admin_headers)).status_code == 422


class TestAttachEpisode:
    async def test_moves_to_another_anime(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
    ) -> None:
        url = f"{EPISODES}/{admin_catalog['episode2']}/attach"
        response = await client.post(url, json={"anime_id": admin_catalog["bleach"]}, headers=admin_headers)
        assert response.status_code == 200
        assert (response.json()["anime_id"], response.json()["admin_modified"]) == (admin_catalog["bleach"], True)
        [entry] = await audit_rows()
        assert (entry["action"], entry["changes"]) == (
            "attach",
            {"anime_id": {"old": admin_catalog["naruto"], "new": admin_catalog["bleach"]}},
        )
        assert await outbox() == [_event(admin_catalog, "naruto"), _event(admin_catalog, "bleach")]
        # same anime again: no-op
        again = await client.post(url, json={"anime_id": admin_catalog["bleach"]}, headers=admin_headers)
        assert again.status_code == 200
        assert len(await audit_rows()) == 1

    async def test_conflict_with_the_targets_episode_is_409(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        pg: Any,
    ) -> None:
        body = {"anime_id": admin_catalog["bleach"], "number": 1, "source_episode_id": "20:1"}
        assert (await client.post(EPISODES, json=body, headers=admin_headers)).status_code == 201
        url = f"{EPISODES}/{admin_catalog['episode1']}/attach"
        response = await client.post(url, json={"anime_id": admin_catalog["bleach"]}, headers=admin_headers)
        assert response.status_code == 409
        anime_id = await pg.fetchval("SELECT anime_id FROM episodes WHERE id = $1", admin_catalog["episode1"])
        assert str(anime_id) == admin_catalog["naruto"]
        assert [entry["action"] for entry in await audit_rows()] == ["create"]

    async def test_unknown_target_is_404(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        url = f"{EPISODES}/{admin_catalog['episode1']}/attach"
        response = await client.post(url, json={"anime_id": admin_catalog["episode2"]}, headers=admin_headers)
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "Anime not found"


class TestDetachEpisode:
    async def test_deactivates_and_import_does_not_reactivate(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        internal: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        pg: Any,
    ) -> None:
        url = f"{EPISODES}/{admin_catalog['episode1']}/detach"
        response = await client.post(url, json={"reason": "broken"}, headers=admin_headers)
        assert response.status_code == 200
        assert (response.json()["is_active"], response.json()["locked_fields"]) == (False, ["is_active"])
        assert (await client.post(url, json={}, headers=admin_headers)).status_code == 200  # no-op
        [entry] = await audit_rows()
        assert (entry["action"], entry["changes"]) == (
            "detach",
            {"is_active": {"old": True, "new": False}, "reason": "broken"},
        )
        imported = {
            "source_name": ADMIN_SEED_SOURCE,
            "titles": [
                {
                    "source_id": "20",
                    "title": "Naruto",
                    "episodes": [{"source_episode_id": "20:1", "number": 1, "is_available": True}],
                }
            ],
        }
        await client.post("/api/v1/internal/import/titles", json=imported, headers=internal)
        assert await pg.fetchval("SELECT is_active FROM episodes WHERE id = $1", admin_catalog["episode1"]) is False

    async def test_body_is_required(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        url = f"{EPISODES}/{admin_catalog['episode1']}/detach"
        assert (await client.post(url, headers=admin_headers)).status_code == 422


class TestDeleteEpisode:
    async def test_deletes_with_sources(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
        pg: Any,
    ) -> None:
        response = await client.delete(f"{EPISODES}/{admin_catalog['episode1']}", headers=admin_headers)
        assert response.status_code == 204
        assert await pg.fetchval("SELECT count(*) FROM video_sources") == 0
        assert await pg.fetchval("SELECT count(*) FROM episodes") == 1
        [entry] = await audit_rows()
        assert (entry["action"], entry["resource_type"], entry["changes"]["source_episode_id"]) == (
            "delete",
            "episode",
            "20:1",
        )
        assert await outbox() == [_event(admin_catalog, "naruto")]


class TestVideoSources:
    async def test_list_by_priority(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        body = {
            "episode_id": admin_catalog["episode1"],
            "type": "m3u8",
            "url": "https://cdn.example.com/1.m3u8",
            "source_name": "cdn",
            "priority": 500,
            "is_active": False,
        }
        assert (await client.post(VIDEO, json=body, headers=admin_headers)).status_code == 201
        response = await client.get(f"{EPISODES}/{admin_catalog['episode1']}/video", headers=admin_headers)
        assert response.status_code == 200
        listed = response.json()
        assert (listed["total"], listed["episode_number"]) == (2, 1)
        assert [(item["priority"], item["is_active"]) for item in listed["items"]] == [(500, False), (100, True)]

    async def test_create_validates_urls_and_conflicts(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
    ) -> None:
        base = {"episode_id": admin_catalog["episode1"], "type": "iframe", "source_name": "kodik"}
        for url in ("javascript:alert(1)", "http://evil.example/x", "ftp://x.example/y", ""):
            response = await client.post(VIDEO, json={**base, "url": url}, headers=admin_headers)
            assert response.status_code == 422, url
        assert (
            await client.post(VIDEO, json={**base, "url": "https://x.example", "type": "flash"}, headers=admin_headers)
        ).status_code == 422
        duplicate = await client.post(
            VIDEO, json={**base, "url": "https://kodik.info/seria/1/abc/720p"}, headers=admin_headers
        )
        assert duplicate.status_code == 409
        assert await audit_rows() == []
        created = await client.post(
            VIDEO, json={**base, "url": "//kodik.info/seria/1/abc/1080p", "priority": 7}, headers=admin_headers
        )
        assert created.status_code == 201
        video = created.json()
        assert (video["url"], video["admin_modified"], video["locked_fields"]) == (
            "https://kodik.info/seria/1/abc/1080p",
            True,
            ["priority", "type"],
        )
        [entry] = await audit_rows()
        assert (entry["action"], entry["resource_type"], entry["changes"]["url"]) == (
            "create",
            "video_source",
            video["url"],
        )
        assert await outbox() == [_event(admin_catalog, "naruto")]

    async def test_update_state_and_delete(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
        pg: Any,
    ) -> None:
        url = f"{VIDEO}/{admin_catalog['video']}"
        response = await client.patch(url, json={"type": "embed", "priority": 1}, headers=admin_headers)
        assert response.status_code == 200
        assert (response.json()["type"], response.json()["locked_fields"]) == ("embed", ["priority", "type"])
        state = await client.post(f"{url}/state", json={"is_active": False, "priority": None}, headers=admin_headers)
        assert state.status_code == 200
        assert (state.json()["is_active"], state.json()["priority"]) == (False, 1)
        assert (await client.delete(url, headers=admin_headers)).status_code == 204
        assert await pg.fetchval("SELECT count(*) FROM video_sources") == 0
        assert [(entry["action"], entry["resource_type"], entry["changes"]) for entry in await audit_rows()] == [
            ("update", "video_source", {"priority": {"old": 100, "new": 1}, "type": {"old": "iframe", "new": "embed"}}),
            ("update", "video_source_state", {"is_active": {"old": True, "new": False}}),
            (
                "delete",
                "video_source",
                {
                    "episode_id": admin_catalog["episode1"],
                    "url": "https://kodik.info/seria/1/abc/720p",
                    "source_name": "kodik",
                },
            ),
        ]
        assert await outbox() == [_event(admin_catalog, "naruto")] * 3  # one per transaction
        assert (await client.delete(url, headers=admin_headers)).status_code == 404

    @pytest.mark.parametrize(
        "body",
        [
            {"url": None},
            {"type": None},
            {"priority": None},
            {"source_name": None},
            {"is_active": None},
            {"url": "data:x"},
        ],
    )
    async def test_invalid_update_is_422(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        body: dict[str, Any],
    ) -> None:
        url = f"{VIDEO}/{admin_catalog['video']}"
        assert (await client.patch(url, json=body, headers=admin_headers)).status_code == 422

    async def test_state_requires_is_active(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        url = f"{VIDEO}/{admin_catalog['video']}/state"
        assert (await client.post(url, json={"priority": 3}, headers=admin_headers)).status_code == 422

    async def test_locked_priority_survives_import_until_released(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        internal: dict[str, str],
        admin_catalog: dict[str, Any],
        pg: Any,
    ) -> None:
        url = f"{VIDEO}/{admin_catalog['video']}"
        await client.patch(url, json={"priority": 1}, headers=admin_headers)
        player = {
            "type": "iframe",
            "url": "https://kodik.info/seria/1/abc/720p",
            "source_name": "kodik",
            "priority": 50,
        }
        imported = {"source_name": ADMIN_SEED_SOURCE, "source_episode_id": "20:1", "player": player}
        assert (await client.post("/api/v1/internal/import/video", json=imported, headers=internal)).status_code == 200
        assert await pg.fetchval("SELECT priority FROM video_sources") == 1
        released = await client.delete(f"{url}/locks", params={"fields": ["priority"]}, headers=admin_headers)
        assert released.json()["locked_fields"] == []
        await client.post("/api/v1/internal/import/video", json=imported, headers=internal)
        assert await pg.fetchval("SELECT priority FROM video_sources") == 50

    async def test_episode_lock_release(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        url = f"{EPISODES}/{admin_catalog['episode1']}"
        await client.post(f"{url}/detach", json={}, headers=admin_headers)
        response = await client.delete(f"{url}/locks", params={"fields": "is_active"}, headers=admin_headers)
        assert (response.status_code, response.json()["locked_fields"]) == (200, [])
