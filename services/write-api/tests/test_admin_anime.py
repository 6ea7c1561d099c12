"""Admin dashboard and anime curation: shapes, validation, conflicts, locks, audit rows and outbox events."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_ID, ADMIN_SEED_SOURCE, AuditReader, OutboxReader

ANIME = "/api/v1/admin/anime"
IMPORT = "/api/v1/internal/import/titles"
PLUS_00 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$")


def _naruto_import(**changes: Any) -> dict[str, Any]:
    title = {"source_id": "20", "title": "Naruto", "description": "A ninja.", "year": 2002, "status": "completed"}
    return {"source_name": ADMIN_SEED_SOURCE, "titles": [{**title, **changes}]}


class TestDashboard:
    async def test_counts_and_recent_items(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any], pg: Any
    ) -> None:
        await pg.execute("UPDATE anime SET is_active = false WHERE slug = 'bleach'")
        response = await client.get("/api/v1/admin/dashboard", headers=admin_headers)
        assert response.status_code == 200
        body = response.json()
        assert {key: body[key] for key in ("total_anime", "active_anime", "inactive_anime")} == {
            "total_anime": 2,
            "active_anime": 1,
            "inactive_anime": 1,
        }
        assert (body["total_episodes"], body["total_video_sources"]) == (2, 1)
        assert {item["id"] for item in body["recent_anime"]} == {admin_catalog["naruto"], admin_catalog["bleach"]}
        assert {item["id"] for item in body["recent_episodes"]} == {
            admin_catalog["episode1"],
            admin_catalog["episode2"],
        }
        recent = body["recent_anime"] + body["recent_episodes"]
        assert len(recent) == 4
        assert all(PLUS_00.match(item["created_at"]) for item in recent)
        assert body["recent_changes"] == []
        assert body["pending_rebuild_jobs"] == 0

    async def test_empty_catalog(self, client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
        body = (await client.get("/api/v1/admin/dashboard", headers=admin_headers)).json()
        assert (body["total_anime"], body["recent_anime"], body["recent_episodes"]) == (0, [], [])


class TestListAnime:
    async def test_includes_inactive_newest_edit_first(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any], pg: Any
    ) -> None:
        await pg.execute(
            "UPDATE anime SET is_active = false, updated_at = now() + interval '1 minute' WHERE slug = 'bleach'"
        )
        body = (await client.get(ANIME, headers=admin_headers)).json()
        assert [item["slug"] for item in body["items"]] == ["bleach", "naruto"]
        assert (body["total"], body["page"], body["per_page"], body["total_pages"]) == (2, 1, 20, 1)
        item = body["items"][0]
        assert set(item) == {
            "id", "title", "slug", "year", "status", "source_name", "is_active", "admin_modified",
            "locked_fields", "created_at", "updated_at",
        }  # fmt: skip
        assert (item["is_active"], item["admin_modified"], item["locked_fields"]) == (False, False, [])

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"search": "NARU"}, ["naruto"]),
            ({"search": "bleach"}, ["bleach"]),
            ({"search": "%"}, []),  # a literal percent sign, not a wildcard
            ({"is_active": "false"}, []),
            ({"source_name": ADMIN_SEED_SOURCE, "search": "a"}, ["bleach", "naruto"]),
            ({"source_name": "other"}, []),
        ],
    )
    async def test_filters(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        query: dict[str, str],
        expected: list[str],
    ) -> None:
        body = (await client.get(ANIME, params=query, headers=admin_headers)).json()
        assert sorted(item["slug"] for item in body["items"]) == expected
        assert body["total"] == len(expected)

    async def test_paging(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        first = (await client.get(ANIME, params={"per_page": 1}, headers=admin_headers)).json()
        second = (await client.get(ANIME, params={"per_page": 1, "page": 2}, headers=admin_headers)).json()
        past = (await client.get(ANIME, params={"per_page": 1, "page": 3}, headers=admin_headers)).json()
        assert (first["total"], first["total_pages"], len(first["items"]), len(second["items"])) == (2, 2, 1, 1)
        assert first["items"][0]["id"] != second["items"][0]["id"]
        assert (past["items"], past["total"]) == ([], 2)

    @pytest.mark.parametrize("query", [{"page": "0"}, {"per_page": "101"}, {"per_page": "0"}, {"is_active": "maybe"}])
    async def test_bad_query_is_422(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], query: dict[str, str]
    ) -> None:
        assert (await client.get(ANIME, params=query, headers=admin_headers)).status_code == 422


class TestGetAnime:
    async def test_detail_shape(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        response = await client.get(f"{ANIME}/{admin_catalog['naruto']}", headers=admin_headers)
        assert response.status_code == 200
        body = response.json()
        assert body["id"] == admin_catalog["naruto"]
        assert (body["slug"], body["source_name"], body["source_id"], body["genres"]) == (
            "naruto",
            ADMIN_SEED_SOURCE,
            "20",
            ["Action"],
        )
        assert (body["is_active"], body["admin_modified"], body["locked_fields"]) == (True, False, [])
        assert body["created_at"].endswith("Z")


class TestUpdateAnime:
    async def test_changes_fields_locks_them_and_audits_json_values(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
    ) -> None:
        anime_id = admin_catalog["naruto"]
        body = {"title": "Naruto (TV)", "year": 2003, "status": "ongoing", "description": None, "is_active": False}
        response = await client.patch(f"{ANIME}/{anime_id}", json=body, headers=admin_headers)
        assert response.status_code == 200
        updated = response.json()
        assert (updated["title"], updated["year"], updated["status"], updated["description"]) == (
            "Naruto (TV)",
            2003,
            "ongoing",
            None,
        )
        assert (updated["is_active"], updated["admin_modified"], updated["slug"]) == (False, True, "naruto")
        # is_active is not an import field: no lock needed for it
        assert updated["locked_fields"] == ["description", "status", "title", "year"]
        assert await audit_rows() == [
            {
                "admin_id": ADMIN_ID,
                "admin_email": ADMIN_EMAIL,
                "action": "update",
                "resource_type": "anime",
                "resource_id": anime_id,
                "changes": {
                    "description": {"old": "A ninja.", "new": None},
                    "is_active": {"old": True, "new": False},
                    "status": {"old": "completed", "new": "ongoing"},
                    "title": {"old": "Naruto", "new": "Naruto (TV)"},
                    "year": {"old": 2002, "new": 2003},
                },
            }
        ]
        assert await outbox() == [
            ("anime_changed", {"anime_id": anime_id, "slug": "naruto"}),
            ("catalog_changed", {}),
        ]

    async def test_slug_change_emits_events_for_both_slugs(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        outbox: OutboxReader,
    ) -> None:
        anime_id = admin_catalog["naruto"]
        response = await client.patch(f"{ANIME}/{anime_id}", json={"slug": "naruto-tv"}, headers=admin_headers)
        assert response.status_code == 200
        assert response.json()["slug"] == "naruto-tv"
        assert await outbox() == [
            ("anime_changed", {"anime_id": anime_id, "slug": "naruto"}),
            ("anime_changed", {"anime_id": anime_id, "slug": "naruto-tv"}),
            ("catalog_changed", {}),
        ]

    async def test_nothing_different_writes_nothing(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
    ) -> None:
        body = {"title": "Naruto", "year": 2002, "genres": ["Action"], "unknown": 1}
        response = await client.patch(f"{ANIME}/{admin_catalog['naruto']}", json=body, headers=admin_headers)
        assert response.status_code == 200
        assert (response.json()["admin_modified"], response.json()["locked_fields"]) == (False, [])
        assert await audit_rows() == []
        assert await outbox() == []

    async def test_duplicate_slug_is_409_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
        pg: Any,
    ) -> None:
        body = {"slug": "bleach", "title": "Changed"}
        response = await client.patch(f"{ANIME}/{admin_catalog['naruto']}", json=body, headers=admin_headers)
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "CONFLICT"
        assert response.json()["error"]["message"] == "Slug already in use"
        assert await pg.fetchval("SELECT title FROM anime WHERE slug = 'naruto'") == "Naruto"
        assert await audit_rows() == []
        assert await outbox() == []

    @pytest.mark.parametrize(
        "body",
        [
            {"title": None},
            {"title": "   "},
            {"slug": None},
            {"is_active": None},
            {"slug": "Not A Slug"},
            {"slug": "-naruto"},
            {"status": "airing"},
            {"year": 1899},
            {"year": 2101},
            {"poster": "javascript:alert(1)"},
            {"poster": "http://cdn.example.com/p.jpg"},
            {"genres": [""]},
        ],
    )
    async def test_invalid_values_are_422(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        body: dict[str, Any],
    ) -> None:
        response = await client.patch(f"{ANIME}/{admin_catalog['naruto']}", json=body, headers=admin_headers)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
        assert await audit_rows() == []

    async def test_poster_urls_are_normalised_and_insecure_hosts_allowed(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        url = f"{ANIME}/{admin_catalog['naruto']}"
        response = await client.patch(url, json={"poster": "//cdn.example.com/p.jpg"}, headers=admin_headers)
        assert response.json()["poster"] == "https://cdn.example.com/p.jpg"
        response = await client.patch(url, json={"poster": "http://127.0.0.1:9000/p.jpg"}, headers=admin_headers)
        assert response.status_code == 200


class TestLocksAgainstImports:
    async def test_import_respects_locks_and_overwrites_after_release(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        internal: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        pg: Any,
    ) -> None:
        url = f"{ANIME}/{admin_catalog['naruto']}"
        await client.patch(url, json={"title": "Naruto (curated)", "year": 2003}, headers=admin_headers)

        imported = _naruto_import(title="Naruto (provider)", year=2010, description="Provider text.")
        assert (await client.post(IMPORT, json=imported, headers=internal)).status_code == 200
        row = await pg.fetchrow("SELECT title, year, description FROM anime WHERE id = $1", admin_catalog["naruto"])
        # locked fields kept, the unlocked one updated
        assert tuple(row) == ("Naruto (curated)", 2003, "Provider text.")

        released = await client.delete(f"{url}/locks", params={"fields": "title"}, headers=admin_headers)
        assert released.status_code == 200
        assert released.json()["locked_fields"] == ["year"]
        assert (await client.post(IMPORT, json=imported, headers=internal)).status_code == 200
        row = await pg.fetchrow("SELECT title, year FROM anime WHERE id = $1", admin_catalog["naruto"])
        assert tuple(row) == ("Naruto (provider)", 2003)

        released = await client.delete(f"{url}/locks", headers=admin_headers)
        assert released.json()["locked_fields"] == []
        await client.post(IMPORT, json=imported, headers=internal)
        assert await pg.fetchval("SELECT year FROM anime WHERE id = $1", admin_catalog["naruto"]) == 2010

        unlocks = [entry for entry in await audit_rows() if entry["action"] == "unlock"]
        assert [entry["changes"] for entry in unlocks] == [
            {"locked_fields": {"old": ["title", "year"], "new": ["year"]}},
            {"locked_fields": {"old": ["year"], "new": []}},
        ]

    async def test_releasing_nothing_writes_nothing(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
    ) -> None:
        response = await client.delete(f"{ANIME}/{admin_catalog['naruto']}/locks", headers=admin_headers)
        assert response.status_code == 200
        assert await audit_rows() == []

    async def test_unknown_lock_field_is_422(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        url = f"{ANIME}/{admin_catalog['naruto']}/locks"
        assert (await client.delete(url, params={"fields": "slug"}, headers=admin_headers)).status_code == 422


class TestCreateAnime:
    async def test_creates_with_a_transliterated_slug(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        audit_rows: AuditReader,
        outbox: OutboxReader,
    ) -> None:
        body = {"title": "Ван Пис", "year": 1999, "status": "ongoing", "genres": ["Приключения"]}
        response = await client.post(ANIME, json=body, headers=admin_headers)
        assert response.status_code == 201
        created = response.json()
        assert (created["slug"], created["source_name"], created["admin_modified"], created["is_active"]) == (
            "van-pis",
            "admin",
            True,
            True,
        )
        [entry] = await audit_rows()
        assert (entry["action"], entry["resource_type"], entry["resource_id"]) == ("create", "anime", created["id"])
        assert entry["changes"]["title"] == "Ван Пис"
        assert entry["changes"]["genres"] == ["Приключения"]
        assert await outbox() == [
            ("anime_changed", {"anime_id": created["id"], "slug": "van-pis"}),
            ("catalog_changed", {}),
        ]
        second = await client.post(ANIME, json=body, headers=admin_headers)
        assert second.json()["slug"] == "van-pis-2"

    async def test_explicit_slug_taken_is_409(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        pg: Any,
    ) -> None:
        response = await client.post(ANIME, json={"title": "Other", "slug": "naruto"}, headers=admin_headers)
        assert response.status_code == 409
        assert await pg.fetchval("SELECT count(*) FROM anime") == 2
        assert await audit_rows() == []

    @pytest.mark.parametrize("body", [{}, {"title": ""}, {"title": "X", "year": 3000}, {"title": "X", "slug": "A"}])
    async def test_invalid_is_422(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], body: dict[str, Any]
    ) -> None:
        assert (await client.post(ANIME, json=body, headers=admin_headers)).status_code == 422


class TestDeleteAnime:
    async def test_deletes_with_episodes_and_sources(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        outbox: OutboxReader,
        pg: Any,
    ) -> None:
        anime_id = admin_catalog["naruto"]
        response = await client.delete(f"{ANIME}/{anime_id}", headers=admin_headers)
        assert response.status_code == 204
        assert response.content == b""
        counts = await pg.fetchrow(
            "SELECT (SELECT count(*) FROM anime) a, (SELECT count(*) FROM episodes) e, "
            "(SELECT count(*) FROM video_sources) v"
        )
        assert tuple(counts) == (1, 0, 0)
        [entry] = await audit_rows()
        assert (entry["action"], entry["resource_id"], entry["changes"]["slug"]) == ("delete", anime_id, "naruto")
        assert await outbox() == [
            ("anime_changed", {"anime_id": anime_id, "slug": "naruto"}),
            ("catalog_changed", {}),
        ]
        assert (await client.delete(f"{ANIME}/{anime_id}", headers=admin_headers)).status_code == 404
