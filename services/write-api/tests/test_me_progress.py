from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ani_write.application.ports import LibraryChanges
from ani_write.domain.events import user_data_changed

Auth = Callable[..., dict[str, str]]
BODY = {"title_id": "naruto", "position_seconds": 30.5, "duration_seconds": 1400}


class TestPutProgress:
    async def test_creates_progress_history_and_events(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any, outbox: Any
    ) -> None:
        response = await client.put("/api/v1/me/progress/ep-1", json=BODY, headers=auth(5))
        assert response.status_code == 200
        body = response.json()
        assert body["episode_id"] == "ep-1"
        assert (body["title_id"], body["position_seconds"], body["duration_seconds"]) == ("naruto", 30.5, 1400.0)
        history = await pg.fetch("SELECT episode_id, position_seconds FROM user_history WHERE user_id = 5")
        assert [(row["episode_id"], row["position_seconds"]) for row in history] == [("ep-1", 30.5)]
        assert sorted(await outbox(), key=lambda event: event[0]) == [
            ("history_changed", {"user_id": 5, "provider": "rpc"}),
            ("library_changed", {"user_id": 5, "provider": "rpc", "title_id": "naruto"}),
            ("progress_changed", {"user_id": 5, "provider": "rpc", "title_id": "naruto", "episode_id": "ep-1"}),
        ]

    async def test_update_moves_position_title_and_touches_the_same_history_row(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any
    ) -> None:
        first = (await client.put("/api/v1/me/progress/ep-1", json=BODY, headers=auth())).json()
        second = await client.put(
            "/api/v1/me/progress/ep-1",
            json={"title_id": "naruto-tv", "position_seconds": 99, "duration_seconds": 1400},
            headers=auth(),
        )
        body = second.json()
        assert body["id"] == first["id"]
        assert (body["title_id"], body["position_seconds"]) == ("naruto-tv", 99.0)
        rows = await pg.fetch("SELECT title_id, position_seconds FROM user_history")
        assert [(row["title_id"], row["position_seconds"]) for row in rows] == [("naruto-tv", 99.0)]

    @pytest.mark.parametrize(
        "payload",
        [
            {"title_id": "t", "position_seconds": 100, "duration_seconds": 10},
            {"title_id": "t", "position_seconds": -1, "duration_seconds": 10},
            {"title_id": "t", "position_seconds": 1, "duration_seconds": -10},
            {"title_id": "", "position_seconds": 1, "duration_seconds": 10},
            {"position_seconds": 1, "duration_seconds": 10},
        ],
    )
    async def test_rejects_invalid_values_and_writes_nothing(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any, payload: dict[str, Any]
    ) -> None:
        response = await client.put("/api/v1/me/progress/ep", json=payload, headers=auth())
        assert response.status_code == 422
        assert await pg.fetchval("SELECT count(*) FROM user_progress") == 0
        assert await pg.fetchval("SELECT count(*) FROM outbox") == 0

    @pytest.mark.parametrize("number", ["1e400", "NaN", "Infinity"])
    async def test_rejects_non_finite_numbers(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any, number: str
    ) -> None:
        raw = '{"title_id": "t", "position_seconds": ' + number + ', "duration_seconds": 10}'
        response = await client.put(
            "/api/v1/me/progress/ep", content=raw, headers={**auth(), "Content-Type": "application/json"}
        )
        assert response.status_code == 422
        assert await pg.fetchval("SELECT count(*) FROM user_progress") == 0

    async def test_unknown_duration_allows_any_position(self, client: httpx.AsyncClient, auth: Auth) -> None:
        body = {"title_id": "t", "position_seconds": 50, "duration_seconds": 0}
        assert (await client.put("/api/v1/me/progress/ep", json=body, headers=auth())).status_code == 200


class TestListProgress:
    async def test_scoped_and_filtered_by_title(self, client: httpx.AsyncClient, auth: Auth) -> None:
        await client.put("/api/v1/me/progress/e1", json=BODY, headers=auth(1))
        await client.put("/api/v1/me/progress/e2", json={**BODY, "title_id": "bleach"}, headers=auth(1))
        await client.put("/api/v1/me/progress/e3", json=BODY, headers=auth(2))
        await client.put("/api/v1/me/progress/e4", params={"provider": "x"}, json=BODY, headers=auth(1))
        mine = (await client.get("/api/v1/me/progress", headers=auth(1))).json()
        assert [item["episode_id"] for item in mine] == ["e2", "e1"]
        naruto = (await client.get("/api/v1/me/progress", params={"title_id": "naruto"}, headers=auth(1))).json()
        assert [item["episode_id"] for item in naruto] == ["e1"]


class TestUnitOfWork:
    async def test_rollback_writes_neither_data_nor_events(self, uow_factory: Any, pg: Any) -> None:
        async def fail() -> None:
            async with uow_factory() as uow:
                await uow.library.upsert(1, "rpc", "t", LibraryChanges())
                uow.events.add(user_data_changed("library_changed", 1, "rpc"))
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            await fail()
        assert await pg.fetchval("SELECT count(*) FROM user_library_items") == 0
        assert await pg.fetchval("SELECT count(*) FROM outbox") == 0

    async def test_leaving_without_commit_rolls_back(self, uow_factory: Any, pg: Any) -> None:
        async with uow_factory() as uow:
            await uow.progress.record(1, "rpc", "e", "t", 1.0, 2.0, None, False)
            uow.events.add(user_data_changed("progress_changed", 1, "rpc"))
        assert await pg.fetchval("SELECT count(*) FROM user_progress") == 0
        assert await pg.fetchval("SELECT count(*) FROM outbox") == 0

    async def test_commit_coalesces_events_per_topic_and_key(self, uow_factory: Any, outbox: Any) -> None:
        async with uow_factory() as uow:
            for title in ("a", "b", "c"):
                await uow.library.upsert(1, "rpc", title, LibraryChanges())
                uow.events.add(user_data_changed("library_changed", 1, "rpc"))
            uow.events.add(user_data_changed("library_changed", 2, "rpc"))
            await uow.commit()
        assert await outbox() == [
            ("library_changed", {"user_id": 1, "provider": "rpc"}),
            ("library_changed", {"user_id": 2, "provider": "rpc"}),
        ]


class TestSingleStatementUnitOfWork:
    async def test_events_travel_in_the_final_statement(self, uow_factory: Any, pg: Any, outbox: Any) -> None:
        async with uow_factory() as uow:
            uow.events.add(user_data_changed("progress_changed", 9, "rpc"))
            uow.commit_with_next_statement()
            entry = await uow.progress.record(9, "rpc", "e", "t", 1.0, 2.0, None, False)
            await uow.commit()
        assert entry.user_id == 9
        assert await pg.fetchval("SELECT count(*) FROM user_progress WHERE user_id = 9") == 1
        # the library row the statement added emits its own event, from the statement itself
        assert sorted(await outbox(), key=lambda event: event[0]) == [
            ("library_changed", {"user_id": 9, "provider": "rpc", "title_id": "t"}),
            ("progress_changed", {"user_id": 9, "provider": "rpc"}),
        ]

    async def test_no_statement_may_follow_the_final_one(self, uow_factory: Any) -> None:
        async def misuse() -> None:
            async with uow_factory() as uow:
                uow.commit_with_next_statement()
                await uow.progress.record(9, "rpc", "e", "t", 1.0, 2.0, None, False)
                await uow.history.clear(9, "rpc")

        with pytest.raises(RuntimeError, match="already completed"):
            await misuse()

    async def test_events_added_after_completion_are_refused(self, uow_factory: Any) -> None:
        async def misuse() -> None:
            async with uow_factory() as uow:
                uow.commit_with_next_statement()
                await uow.progress.record(9, "rpc", "e", "t", 1.0, 2.0, None, False)
                uow.events.add(user_data_changed("progress_changed", 9, "rpc"))
                await uow.commit()

        with pytest.raises(RuntimeError, match="after the unit of work completed"):
            await misuse()

    async def test_with_outbox_merges_into_an_existing_with(self) -> None:
        from ani_write.infrastructure.db.unit_of_work import with_outbox

        assert with_outbox("WITH a AS (SELECT 1) SELECT * FROM a", 0).startswith("WITH outbox_events AS (")
        assert ", a AS (SELECT 1) SELECT * FROM a" in with_outbox("WITH a AS (SELECT 1) SELECT * FROM a", 0)
        assert "$3::text[], $4::text[]" in with_outbox("SELECT $1, $2", 2)


class TestHistoryLookup:
    async def test_the_newest_entry_of_an_episode_is_one_index_step(self, pg: Any) -> None:
        """The progress PUT's lookup must not walk the user's history (it grows, and so do dead row versions)."""
        await pg.execute(
            "INSERT INTO user_history (user_id, provider, episode_id, title_id, watched_at) "
            "SELECT u, 'rpc', 'ep-' || (i % 100), 't', now() - i * interval '1 minute' "
            "FROM generate_series(1, 50) u, generate_series(1, 400) i"
        )
        await pg.execute("ANALYZE user_history")
        lookup = (
            "SELECT id FROM user_history WHERE user_id = 7 AND provider = 'rpc' AND episode_id = 'ep-42' "
            "ORDER BY watched_at DESC, id DESC LIMIT 1 FOR UPDATE"
        )
        plan = "\n".join(row[0] for row in await pg.fetch("EXPLAIN " + lookup))
        assert "Index Scan Backward using ix_user_history_episode_latest" in plan
        assert "Sort" not in plan


class TestWatchedTranslationAndLibrary:
    """Near-end rule, ``translation_id`` kept/replaced, and the library side effect of the progress PUT."""

    async def put(self, client: httpx.AsyncClient, auth: Auth, episode: str, **body: Any) -> dict[str, Any]:
        response = await client.put(f"/api/v1/me/progress/{episode}", json={**BODY, **body}, headers=auth(21))
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def library(self, pg: Any) -> Any:
        return await pg.fetchrow(
            "SELECT status, episodes_watched, updated_at FROM user_library_items WHERE user_id = 21 AND title_id = $1",
            "naruto",
        )

    @pytest.mark.parametrize(
        ("position", "duration", "watched"),
        [(1259.9, 1400, False), (1260, 1400, True), (1400, 1400, True), (0, 0, False), (5, 0, False)],
    )
    async def test_near_end_rule(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any, position: float, duration: float, watched: bool
    ) -> None:
        entry = await self.put(client, auth, "ep-1", position_seconds=position, duration_seconds=duration)
        assert entry["watched"] is watched
        assert (await pg.fetchval("SELECT watched_at IS NOT NULL FROM user_progress WHERE user_id = 21")) is watched
        assert (await self.library(pg))["episodes_watched"] == (1 if watched else 0)

    async def test_watched_is_never_cleared_and_counted_once(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any
    ) -> None:
        await self.put(client, auth, "ep-1", position_seconds=1300)
        first = await pg.fetchval("SELECT watched_at FROM user_progress WHERE user_id = 21")
        again = await self.put(client, auth, "ep-1", position_seconds=10)  # rewatching from the start
        assert again["watched"] is True
        await self.put(client, auth, "ep-1", position_seconds=1390)
        assert await pg.fetchval("SELECT watched_at FROM user_progress WHERE user_id = 21") == first
        assert (await self.library(pg))["episodes_watched"] == 1
        await self.put(client, auth, "ep-2", position_seconds=1390)
        assert (await self.library(pg))["episodes_watched"] == 2

    async def test_translation_absent_or_null_keeps_a_string_replaces(
        self, client: httpx.AsyncClient, auth: Auth
    ) -> None:
        assert (await self.put(client, auth, "ep-1"))["translation_id"] is None
        assert (await self.put(client, auth, "ep-1", translation_id="610"))["translation_id"] == "610"
        assert (await self.put(client, auth, "ep-1"))["translation_id"] == "610"
        assert (await self.put(client, auth, "ep-1", translation_id=None))["translation_id"] == "610"
        assert (await self.put(client, auth, "ep-1", translation_id="1978"))["translation_id"] == "1978"
        listed = await client.get("/api/v1/me/progress", headers=auth(21))
        assert [(item["translation_id"], item["watched"]) for item in listed.json()] == [("1978", False)]

    @pytest.mark.parametrize("translation", ["", "x" * 65, 610])
    async def test_bad_translation_is_422(self, client: httpx.AsyncClient, auth: Auth, translation: Any) -> None:
        response = await client.put(
            "/api/v1/me/progress/ep-1", json={**BODY, "translation_id": translation}, headers=auth(21)
        )
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"

    async def test_library_row_added_planned_promoted_others_kept(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any, outbox: Any
    ) -> None:
        await self.put(client, auth, "ep-1")
        row = await self.library(pg)
        assert (row["status"], row["episodes_watched"]) == ("watching", 0)
        topics = [topic for topic, _ in await outbox()]
        assert topics.count("library_changed") == 1

        # an unchanged library row: no updated_at bump, no event
        await self.put(client, auth, "ep-1", position_seconds=40)
        assert (await self.library(pg))["updated_at"] == row["updated_at"]
        assert [topic for topic, _ in await outbox()].count("library_changed") == 1

        # planned → watching (event); completed stays completed but counts the newly watched episode
        await client.put("/api/v1/me/library/naruto", json={"status": "planned"}, headers=auth(21))
        await self.put(client, auth, "ep-1", position_seconds=41)
        assert (await self.library(pg))["status"] == "watching"
        await client.put("/api/v1/me/library/naruto", json={"status": "completed"}, headers=auth(21))
        await self.put(client, auth, "ep-2", position_seconds=1399)
        row = await self.library(pg)
        assert (row["status"], row["episodes_watched"]) == ("completed", 1)

    async def test_moving_an_episode_to_another_title_reprojects_the_old_one(
        self, client: httpx.AsyncClient, auth: Auth, outbox: Any
    ) -> None:
        await self.put(client, auth, "ep-1")
        await self.put(client, auth, "ep-1", title_id="boruto")
        progress = [payload for topic, payload in await outbox() if topic == "progress_changed"]
        assert {"user_id": 21, "provider": "rpc", "title_id": "naruto", "episode_id": "ep-1"} in progress
        assert {"user_id": 21, "provider": "rpc", "title_id": "boruto", "episode_id": "ep-1"} in progress
