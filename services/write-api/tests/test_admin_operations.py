"""Audit log viewer (paging, filters), audit atomicity, and the read-model rebuild trigger followed to the end."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from ani_common.testing.keys import TestSigner
from ani_common.tokens import PrincipalKind
from tests.conftest import ADMIN_EMAIL, ADMIN_ID, AuditReader, OutboxReader

AUDIT = "/api/v1/admin/audit-logs"
REBUILD = "/api/v1/admin/read-models/rebuild"


async def _edits(client: httpx.AsyncClient, headers: dict[str, str], catalog: dict[str, Any]) -> None:
    """Three audited changes: anime update, episode update, video state."""
    await client.patch(f"/api/v1/admin/anime/{catalog['naruto']}", json={"year": 2003}, headers=headers)
    await client.patch(f"/api/v1/admin/episodes/{catalog['episode2']}", json={"title": "Two"}, headers=headers)
    await client.post(f"/api/v1/admin/video/{catalog['video']}/state", json={"is_active": False}, headers=headers)


class TestAuditLogs:
    async def test_lists_newest_first_with_the_admin(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        await _edits(client, admin_headers, admin_catalog)
        response = await client.get(AUDIT, headers=admin_headers)
        assert response.status_code == 200
        body = response.json()
        assert (body["total"], body["page"], body["per_page"], body["total_pages"]) == (3, 1, 50, 1)
        assert [item["resource_type"] for item in body["items"]] == ["video_source_state", "episode", "anime"]
        newest = body["items"][0]
        assert (newest["admin_id"], newest["admin_email"], newest["action"]) == (ADMIN_ID, ADMIN_EMAIL, "update")
        assert newest["changes"] == {"is_active": {"old": True, "new": False}}
        assert newest["resource_id"] == admin_catalog["video"]
        assert newest["created_at"].endswith("Z")

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"resource_type": "anime"}, ["anime"]),
            ({"action": "update", "resource_type": "episode"}, ["episode"]),
            ({"action": "delete"}, []),
            ({"admin_id": str(ADMIN_ID)}, ["video_source_state", "episode", "anime"]),
            ({"admin_id": "999"}, []),
        ],
    )
    async def test_filters(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        params: dict[str, str],
        expected: list[str],
    ) -> None:
        await _edits(client, admin_headers, admin_catalog)
        body = (await client.get(AUDIT, params=params, headers=admin_headers)).json()
        assert [item["resource_type"] for item in body["items"]] == expected
        assert body["total"] == len(expected)

    async def test_filter_by_resource_id_and_time_range(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        await _edits(client, admin_headers, admin_catalog)
        by_id = (await client.get(AUDIT, params={"resource_id": admin_catalog["naruto"]}, headers=admin_headers)).json()
        assert [item["resource_id"] for item in by_id["items"]] == [admin_catalog["naruto"]]
        hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
        in_hour = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        assert (await client.get(AUDIT, params={"since": hour_ago}, headers=admin_headers)).json()["total"] == 3
        assert (await client.get(AUDIT, params={"until": hour_ago}, headers=admin_headers)).json()["total"] == 0
        assert (await client.get(AUDIT, params={"since": in_hour}, headers=admin_headers)).json()["total"] == 0

    async def test_paging(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], admin_catalog: dict[str, Any]
    ) -> None:
        await _edits(client, admin_headers, admin_catalog)
        pages = [
            (await client.get(AUDIT, params={"per_page": 2, "page": page}, headers=admin_headers)).json()
            for page in (1, 2)
        ]
        assert [len(page["items"]) for page in pages] == [2, 1]
        assert pages[0]["total_pages"] == 2
        ids = [item["id"] for page in pages for item in page["items"]]
        assert len(set(ids)) == 3

    @pytest.mark.parametrize(
        "params", [{"action": "explode"}, {"resource_type": "user"}, {"since": "yesterday"}, {"per_page": "500"}]
    )
    async def test_bad_filters_are_422(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], params: dict[str, str]
    ) -> None:
        assert (await client.get(AUDIT, params=params, headers=admin_headers)).status_code == 422

    async def test_another_admin_is_recorded_as_themselves(
        self, client: httpx.AsyncClient, signer: TestSigner, admin_catalog: dict[str, Any], audit_rows: AuditReader
    ) -> None:
        headers = {"Authorization": f"Bearer {signer.token(42, PrincipalKind.ADMIN, email='other@example.org')}"}
        await client.patch(f"/api/v1/admin/anime/{admin_catalog['bleach']}", json={"year": 2005}, headers=headers)
        [entry] = await audit_rows()
        assert (entry["admin_id"], entry["admin_email"]) == (42, "other@example.org")


class TestAtomicity:
    async def test_no_audit_row_and_no_change_when_the_commit_fails(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        admin_catalog: dict[str, Any],
        audit_rows: AuditReader,
        pg: Any,
    ) -> None:
        # the outbox INSERT runs with the COMMIT, after the change and the audit row: make it fail
        await pg.execute(
            "CREATE FUNCTION test_refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'outbox refused'; END $$"
        )
        await pg.execute(
            "CREATE TRIGGER test_refuse_outbox BEFORE INSERT ON outbox "
            "FOR EACH ROW EXECUTE FUNCTION test_refuse_outbox()"
        )
        url = f"/api/v1/admin/anime/{admin_catalog['naruto']}"
        response = await client.patch(url, json={"title": "Never"}, headers=admin_headers)
        assert response.status_code == 500
        assert "outbox refused" not in response.text
        assert await pg.fetchval("SELECT title FROM anime WHERE id = $1", admin_catalog["naruto"]) == "Naruto"
        assert await audit_rows() == []


class TestRebuild:
    async def test_job_is_observable_from_start_to_finish(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        audit_rows: AuditReader,
        outbox: OutboxReader,
        pg: Any,
    ) -> None:
        response = await client.post(REBUILD, json={"scope": "all"}, headers=admin_headers)
        assert response.status_code == 202
        started = response.json()
        job_id = started["job_id"]
        assert started["status"] == "pending"
        assert await outbox() == [("rebuild_requested", {"job_id": job_id})]
        [entry] = await audit_rows()
        assert (entry["action"], entry["resource_type"], entry["resource_id"]) == ("rebuild", "read_models", job_id)

        url = f"{REBUILD}/{job_id}"
        job = (await client.get(url, headers=admin_headers)).json()
        assert job["job_id"] == job_id
        assert (job["scope"], job["target"], job["status"], job["done"], job["total"]) == (
            "all",
            None,
            "pending",
            0,
            None,
        )
        assert (job["requested_by"], job["started_at"], job["finished_at"], job["error"]) == (
            ADMIN_ID,
            None,
            None,
            None,
        )

        # what the projector records while it runs the job
        await pg.execute(
            "UPDATE rebuild_jobs SET status = 'running', started_at = now(), total = 10, done = 4 WHERE id = $1",
            uuid.UUID(job_id),
        )
        job = (await client.get(url, headers=admin_headers)).json()
        assert (job["status"], job["done"], job["total"]) == ("running", 4, 10)
        assert job["started_at"] is not None

        await pg.execute(
            "UPDATE rebuild_jobs SET status = 'succeeded', done = 10, finished_at = now() WHERE id = $1",
            uuid.UUID(job_id),
        )
        job = (await client.get(url, headers=admin_headers)).json()
        assert (job["status"], job["done"], job["total"]) == ("succeeded", 10, 10)
        assert job["finished_at"] is not None

        dashboard = (await client.get("/api/v1/admin/dashboard", headers=admin_headers)).json()
        assert dashboard["pending_rebuild_jobs"] == 0

    async def test_failed_job_shows_its_error(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], pg: Any
    ) -> None:
        job_id = (
            await client.post(REBUILD, json={"scope": "anime", "target": "naruto"}, headers=admin_headers)
        ).json()["job_id"]
        assert (await client.get("/api/v1/admin/dashboard", headers=admin_headers)).json()["pending_rebuild_jobs"] == 1
        await pg.execute(
            "UPDATE rebuild_jobs SET status = 'failed', error = 'Redis unavailable', finished_at = now() WHERE id = $1",
            uuid.UUID(job_id),
        )
        job = (await client.get(f"{REBUILD}/{job_id}", headers=admin_headers)).json()
        assert (job["scope"], job["target"], job["status"], job["error"]) == (
            "anime",
            "naruto",
            "failed",
            "Redis unavailable",
        )

    @pytest.mark.parametrize("target", ["5", "5:rpc"])
    async def test_user_scope(self, client: httpx.AsyncClient, admin_headers: dict[str, str], target: str) -> None:
        response = await client.post(REBUILD, json={"scope": "user", "target": target}, headers=admin_headers)
        assert response.status_code == 202

    @pytest.mark.parametrize(
        "body",
        [
            {"scope": "all", "target": "naruto"},
            {"scope": "anime"},
            {"scope": "anime", "target": "Not a slug"},
            {"scope": "user", "target": "0"},
            {"scope": "user", "target": "abc"},
            {"scope": "everything"},
        ],
    )
    async def test_invalid_requests_are_422(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        outbox: OutboxReader,
        pg: Any,
        body: dict[str, Any],
    ) -> None:
        assert (await client.post(REBUILD, json=body, headers=admin_headers)).status_code == 422
        assert await pg.fetchval("SELECT count(*) FROM rebuild_jobs") == 0
        assert await outbox() == []
