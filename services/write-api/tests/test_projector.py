"""The projector against real PostgreSQL and Redis, with real commits (several connections): a pool on the worker's
test database, every table truncated after each test (the ``clean_engine`` approach)."""

from __future__ import annotations

import asyncio
import copy
import os
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any
from uuid import uuid4

import httpx
import orjson
import pytest
from redis.asyncio import Redis

from ani_common.readmodels import keys
from ani_write.application.projection.plan import plan_events
from ani_write.application.projection.ports import ClaimedEvent, ComputedModels, UserScope, UserTitle, WriteOutcome
from ani_write.application.projection.project_pending import ProjectPending
from ani_write.application.projection.purge_outbox import PurgeOutbox
from ani_write.application.projection.rebuild_read_models import RebuildRequest
from ani_write.bootstrap import ALEMBIC_INI
from ani_write.infrastructure.db.connections import PoolConnectionSource
from ani_write.infrastructure.projection.metrics import PrometheusProjectionMetrics
from ani_write.infrastructure.projection.outbox import PgOutbox
from ani_write.infrastructure.projection.redis_sink import RedisReadModelSink
from ani_write.infrastructure.projection.source import PgModelStore
from ani_write.projector import service
from ani_write.projector.service import Projector
from ani_write.projector.settings import ProjectorSettings

Auth = Callable[..., dict[str, str]]
PROGRESS = {"title_id": "naruto", "position_seconds": 30.5, "duration_seconds": 1400}
TITLE: dict[str, Any] = {
    "source_id": "20",
    "title": "Naruto",
    "alternative_titles": ["ナルト"],
    "description": "A ninja.",
    "year": 2002,
    "status": "completed",
    "poster": "https://cdn.example.com/naruto.jpg",
    "genres": ["Action"],
    "episodes": [
        {
            "source_episode_id": "20:1:2",
            "number": 2,
            "season": 1,
            "title": "Two",
            "is_available": True,
            "videos": [
                {"type": "iframe", "url": "https://a.example.com/2/low", "source_name": "kodik", "priority": 10},
                {"type": "iframe", "url": "https://a.example.com/2/high", "source_name": "kodik", "priority": 90},
            ],
        },
        {"source_episode_id": "20:1:1", "number": 1, "season": 1, "title": "One", "is_available": True, "videos": []},
    ],
}


def title(source_id: str, name: str, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(TITLE)
    for episode in data["episodes"]:
        episode["source_episode_id"] = episode["source_episode_id"].replace("20:", f"{source_id}:")
    data.update(source_id=source_id, title=name, **changes)
    return data


# ---------------------------------------------------------------------------------------------------- fixtures


@pytest.fixture
def projector_settings(database_url: str, redis_url: str) -> ProjectorSettings:
    return ProjectorSettings(
        env="test",
        database_url=database_url,
        redis_url=redis_url,
        projector_poll_interval=30.0,  # wake-ups come from NOTIFY in these tests
        projector_rebuild_chunk=2,
        projector_heal_interval=0,  # the heal loop has tests of its own
        _env_file=None,
    )


@pytest.fixture
def projector(projector_settings: ProjectorSettings, pool: Any, redis_client: Redis) -> Projector:
    return Projector(projector_settings, PoolConnectionSource(pool), redis_client)


# ---------------------------------------------------------------------------------------------------- helpers


async def model(redis: Redis, key: str) -> Any:
    """The stored read model (parsed), or the string ``"missing"`` (no key, or a tombstone)."""
    body = await redis.hget(key, keys.FIELD_JSON)
    return "missing" if body is None else orjson.loads(body)


async def progress_of(redis: Redis, user_id: int, title_id: str = "naruto") -> Any:
    """The progress rows of the viewer's title model, or ``"missing"``."""
    found = await model(redis, keys.user_title(user_id, "rpc", title_id))
    return found if found == "missing" else found["progress"]


async def catalog(redis: Redis) -> dict[str, Any]:
    items: dict[bytes, bytes] = await redis.hgetall(keys.CATALOG_ITEMS)  # type: ignore[assignment]
    return {slug.decode(): orjson.loads(body) for slug, body in items.items()}


async def pending(pool: Any) -> int:
    return int(await pool.fetchval("SELECT count(*) FROM outbox WHERE processed_at IS NULL"))


async def drain(projector: Projector) -> int:
    events = 0
    while (result := await projector.project_pending()).events:
        events += result.events
    return events


async def import_titles(client: httpx.AsyncClient, internal: dict[str, str], *titles: dict[str, Any]) -> Any:
    response = await client.post(
        "/api/v1/internal/import/titles",
        json={"source_name": "kodik-shikimori", "titles": list(titles)},
        headers=internal,
    )
    assert response.status_code == 200, response.text
    return response.json()


async def snapshot(redis: Redis) -> dict[str, bytes]:
    """Every read-model payload in Redis, byte for byte (keyed models' ``json``, catalog items, genre facet counts)."""
    found: dict[str, bytes] = {}
    async for key in redis.scan_iter(match="*", count=1000):
        name = key.decode()
        if name == keys.CATALOG_ITEMS:
            items: dict[bytes, bytes] = await redis.hgetall(name)  # type: ignore[assignment]
            for slug, item in items.items():
                found[f"catalog:{slug.decode()}"] = item
        elif name == keys.CATALOG_GENRES:
            counts: dict[bytes, bytes] = await redis.hgetall(name)  # type: ignore[assignment]
            found[name] = orjson.dumps(sorted((genre.decode(), int(n)) for genre, n in counts.items()))
        elif name.startswith("user:") and ":recent:" in name:
            scored: list[tuple[bytes, float]] = await redis.zrange(name, 0, -1, withscores=True)  # type: ignore[assignment]
            found[name] = orjson.dumps([(member.decode(), int(score)) for member, score in scored])
        elif name.startswith(("anime:detail:", "user:")):
            body: bytes | None = await redis.hget(name, keys.FIELD_JSON)  # type: ignore[assignment]
            if body is not None:
                found[name] = body
    return found


# ---------------------------------------------------------------------------------------------------- tests


class TestPlan:
    def event(self, topic: str, payload: dict[str, Any]) -> ClaimedEvent:
        return ClaimedEvent(id=1, topic=topic, payload=payload, created_at=None)  # type: ignore[arg-type]

    def test_coalesces_per_key_and_sets_aside_what_cannot_be_projected(self) -> None:
        anime_id = str(uuid4())
        plan = plan_events(
            [
                self.event("progress_changed", {"user_id": 1, "provider": "rpc"}),
                self.event("progress_changed", {"user_id": 1, "provider": "rpc"}),
                self.event("history_changed", {"user_id": 1, "provider": "rpc"}),
                self.event("anime_changed", {"anime_id": anime_id, "slug": "old"}),
                self.event("anime_changed", {"anime_id": anime_id, "slug": "old"}),
                self.event("catalog_changed", {}),
                self.event("library_changed", {"user_id": "1", "provider": "rpc"}),
                self.event("library_changed", {"user_id": 1, "provider": "BAD PROVIDER"}),
                self.event("anime_changed", {"anime_id": "not-a-uuid", "slug": "x"}),
                self.event("mystery", {}),
            ]
        )
        assert plan.progress == plan.history == {UserScope(1, "rpc")}
        assert plan.library == set()
        assert plan.slugs == {"old", "x"}
        assert [str(anime) for anime in plan.anime_ids] == [anime_id]
        assert plan.catalog is True
        assert [event.topic for event in plan.invalid] == [
            "library_changed",
            "library_changed",
            "anime_changed",
            "mystery",
        ]


class TestProjection:
    async def test_writes_through_write_api_become_visible_after_a_pass(
        self, live: httpx.AsyncClient, auth: Auth, internal: dict[str, str], projector: Projector, redis_client: Redis
    ) -> None:
        await import_titles(live, internal, title("20", "Naruto"))
        assert (await live.put("/api/v1/me/library/naruto", json={"score": 9}, headers=auth(7))).status_code == 200
        assert (await live.put("/api/v1/me/library/unknown", json={}, headers=auth(7))).status_code == 200
        assert (await live.put("/api/v1/me/progress/ep-1", json=PROGRESS, headers=auth(7))).status_code == 200
        assert await progress_of(redis_client, 7) == "missing"

        assert await drain(projector) > 0

        progress = await progress_of(redis_client, 7)
        assert [(entry["episode_id"], entry["position_seconds"]) for entry in progress] == [("ep-1", 30.5)]
        library = await model(redis_client, keys.user_library(7, "rpc"))
        by_title = {entry["title_id"]: entry for entry in library}
        # the catalog summary is joined at read time (read-api), never embedded
        assert by_title["naruto"]["anime"] is None
        assert by_title["naruto"]["score"] == 9
        assert by_title["unknown"]["anime"] is None
        title_model = await model(redis_client, keys.user_title(7, "rpc", "naruto"))
        assert title_model["library"]["score"] == 9
        assert title_model["translation_id"] is None
        assert await redis_client.zscore(keys.user_recent(7, "rpc"), "naruto") is not None
        item = (await catalog(redis_client))["naruto"]
        assert item["episodes_total"] == 2
        assert item["latest_episode_at"] is not None
        last = await model(redis_client, keys.user_history_last(7, "rpc"))
        assert (last["episode_id"], last["title_id"]) == ("ep-1", "naruto")
        detail = await model(redis_client, keys.anime_detail("naruto"))
        assert [episode["number"] for episode in detail["episodes"]] == [1, 2]
        assert [episode["season"] for episode in detail["episodes"]] == [1, 1]
        assert [source["priority"] for source in detail["episodes"][1]["video_sources"]] == [90, 10]
        assert list(await catalog(redis_client)) == ["naruto"]
        assert await redis_client.exists(keys.CATALOG_VERSION)

    async def test_the_detail_carries_each_episode_season_in_the_write_api_order(
        self, live: httpx.AsyncClient, internal: dict[str, str], projector: Projector, redis_client: Redis
    ) -> None:
        episodes = [
            {
                "source_episode_id": f"s:{season}:{number}",
                "number": number,
                "season": season,
                "title": f"{season}/{number}",
            }
            for season, number in [(2, 1), (1, 2), (None, 3), (0, 1), (1, 1), (None, 1), (10, 1)]
        ]
        await import_titles(live, internal, title("30", "Seasons", episodes=episodes))
        await drain(projector)

        detail = await model(redis_client, keys.anime_detail("seasons"))
        got = [(episode["season"], episode["number"]) for episode in detail["episodes"]]
        assert got == [(None, 1), (None, 3), (0, 1), (1, 1), (1, 2), (2, 1), (10, 1)]
        assert list(detail["episodes"][0]) == ["id", "number", "season", "title", "video_sources"]
        write_side = (await live.get("/api/v1/anime/seasons/episodes")).json()
        assert [(e["id"], e["season"], e["number"], e["title"]) for e in detail["episodes"]] == [
            (e["id"], e["season"], e["number"], e["title"]) for e in write_side
        ]

    async def test_the_genre_facet_counts_the_active_catalog(
        self, pool: Any, live: httpx.AsyncClient, internal: dict[str, str], projector: Projector, redis_client: Redis
    ) -> None:
        await import_titles(
            live,
            internal,
            title("1", "Alpha", genres=["Экшен", "Drama"]),
            title("2", "Beta", genres=["экшен"]),
            title("3", "Gamma", genres=["Drama"]),
        )
        await drain(projector)
        assert await redis_client.hgetall(keys.CATALOG_GENRES) == {
            "Экшен".encode(): b"1",
            "экшен".encode(): b"1",
            b"Drama": b"2",
        }
        await import_titles(live, internal, title("3", "Gamma", genres=["Comedy"]))
        async with pool.acquire() as db, db.transaction():
            anime_id = await db.fetchval("UPDATE anime SET is_active = false WHERE slug = 'beta' RETURNING id::text")
            await db.execute(
                "INSERT INTO outbox (topic, payload) VALUES ('anime_changed', jsonb_build_object('anime_id', $1::text, "
                "'slug', 'beta'))",
                anime_id,
            )
        await drain(projector)
        assert await redis_client.hgetall(keys.CATALOG_GENRES) == {
            "Экшен".encode(): b"1",
            b"Drama": b"1",
            b"Comedy": b"1",
        }

    async def test_cleared_history_is_stored_as_null(
        self, live: httpx.AsyncClient, auth: Auth, projector: Projector, redis_client: Redis
    ) -> None:
        await live.put("/api/v1/me/progress/ep-1", json=PROGRESS, headers=auth(3))
        await drain(projector)
        assert await model(redis_client, keys.user_history_last(3, "rpc")) != "missing"
        assert (await live.delete("/api/v1/me/history", headers=auth(3))).status_code == 200
        await drain(projector)
        assert await model(redis_client, keys.user_history_last(3, "rpc")) is None
        assert await redis_client.hget(keys.user_history_last(3, "rpc"), keys.FIELD_JSON) == b"null"

    async def test_a_running_projector_wakes_on_notify(
        self, live: httpx.AsyncClient, auth: Auth, projector: Projector, redis_client: Redis
    ) -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(projector.run(stop))
        try:
            await asyncio.wait_for(projector.listener.connected.wait(), timeout=10)
            passes = projector.passes
            await live.put("/api/v1/me/progress/ep-9", json=PROGRESS, headers=auth(11))
            # The fallback poll is 30 s: only the NOTIFY can wake the projector before this deadline.
            # The model reaches Redis before its pass records its metrics and counts itself: wait for all three.
            registry = projector.metrics.registry
            async with asyncio.timeout(10):
                while (
                    await progress_of(redis_client, 11) == "missing"
                    or projector.passes <= passes
                    or (registry.get_sample_value("ani_projector_lag_seconds_count") or 0) < 2
                ):
                    await asyncio.sleep(0.01)
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=15)
        assert task.done()
        assert task.exception() is None

    async def test_metrics_count_events_batches_and_lag(
        self, live: httpx.AsyncClient, auth: Auth, projector: Projector
    ) -> None:
        await live.put("/api/v1/me/progress/a", json=PROGRESS, headers=auth(1))
        await live.put("/api/v1/me/library/x", json={}, headers=auth(1))
        await drain(projector)
        registry = projector.metrics.registry
        assert registry.get_sample_value("ani_projector_events_processed_total", {"topic": "progress_changed"}) == 1
        # the progress PUT added the title to the library: its own library_changed
        assert registry.get_sample_value("ani_projector_events_processed_total", {"topic": "library_changed"}) == 2
        assert registry.get_sample_value("ani_projector_batch_size_count") == 1
        assert registry.get_sample_value("ani_projector_lag_seconds_count") == 4
        # the library, history-last and the two title models (naruto, x)
        assert registry.get_sample_value("ani_projector_models_written_total") == 4

    async def test_unprojectable_events_are_skipped_and_the_rest_projected(
        self, pool: Any, live: httpx.AsyncClient, auth: Auth, projector: Projector, redis_client: Redis
    ) -> None:
        await pool.execute(
            "INSERT INTO outbox (topic, payload) VALUES ('mystery', '{}'), "
            "('library_changed', '{\"user_id\": \"x\"}'), ('anime_changed', '[1, 2]')"
        )
        await live.put("/api/v1/me/library/x", json={}, headers=auth(4))
        await drain(projector)
        assert await pending(pool) == 0
        assert len(await model(redis_client, keys.user_library(4, "rpc"))) == 1
        registry = projector.metrics.registry
        assert registry.get_sample_value("ani_projector_invalid_events_total", {"topic": "mystery"}) == 1
        assert registry.get_sample_value("ani_projector_invalid_events_total", {"topic": "anime_changed"}) == 1


class TestAnimeLifecycle:
    async def test_inactive_deleted_and_renamed_anime_leave_the_read_models(
        self, pool: Any, live: httpx.AsyncClient, internal: dict[str, str], projector: Projector, redis_client: Redis
    ) -> None:
        await import_titles(live, internal, title("1", "Alpha"), title("2", "Beta"), title("3", "Gamma"))
        await drain(projector)
        assert sorted(await catalog(redis_client)) == ["alpha", "beta", "gamma"]

        rows = {row["slug"]: str(row["id"]) for row in await pool.fetch("SELECT id, slug FROM anime")}
        async with pool.acquire() as db, db.transaction():  # what the admin API does: change + event, one commit
            await db.execute("UPDATE anime SET is_active = false WHERE slug = 'alpha'")
            await db.execute("DELETE FROM anime WHERE slug = 'beta'")
            await db.execute("UPDATE anime SET slug = 'gamma-tv' WHERE slug = 'gamma'")
            await db.execute(
                "INSERT INTO outbox (topic, payload) SELECT 'anime_changed', "
                "jsonb_build_object('anime_id', id, 'slug', slug) FROM unnest($1::text[], $2::text[]) AS t(id, slug)",
                [rows["alpha"], rows["beta"], rows["gamma"]],
                ["alpha", "beta", "gamma"],
            )
        await drain(projector)

        assert list(await catalog(redis_client)) == ["gamma-tv"]
        for gone in ("alpha", "beta", "gamma"):
            assert await model(redis_client, keys.anime_detail(gone)) == "missing"
        assert (await model(redis_client, keys.anime_detail("gamma-tv")))["title"] == "Gamma"

    async def test_an_anime_change_never_rewrites_the_libraries_that_hold_it(
        self,
        live: httpx.AsyncClient,
        auth: Auth,
        internal: dict[str, str],
        projector: Projector,
        redis_client: Redis,
    ) -> None:
        """No fan-out: libraries store no anime summary (read-api joins the catalog at read time), so a new episode
        or title of a popular anime leaves every holder's library key as it is."""
        await import_titles(live, internal, title("1", "Alpha"))
        await live.put("/api/v1/me/library/alpha", json={}, headers=auth(5))
        await drain(projector)
        before = await redis_client.hgetall(keys.user_library(5, "rpc"))

        await import_titles(live, internal, title("1", "Alpha Prime"))
        await drain(projector)
        assert await redis_client.hgetall(keys.user_library(5, "rpc")) == before
        assert (await catalog(redis_client))["alpha"]["title"] == "Alpha Prime"


class FailAfterWrite(RedisReadModelSink):
    """Writes Redis, then dies before the claim's transaction can commit (a crash at the worst moment)."""

    async def write(self, models: ComputedModels, stamp: int) -> WriteOutcome:
        await super().write(models, stamp)
        raise ConnectionResetError("killed after the Redis write")


class TestAtLeastOnce:
    async def test_a_crash_between_the_redis_write_and_the_commit_loses_nothing(
        self, pool: Any, live: httpx.AsyncClient, auth: Auth, projector: Projector, redis_client: Redis
    ) -> None:
        await live.put("/api/v1/me/progress/ep-1", json=PROGRESS, headers=auth(2))
        before = await pending(pool)
        crashing = ProjectPending(
            PgOutbox(PoolConnectionSource(pool)), FailAfterWrite(redis_client), PrometheusProjectionMetrics()
        )
        with pytest.raises(ConnectionResetError):
            await crashing()
        assert await pending(pool) == before == 3  # nothing marked: the rows are still there to claim

        # Meanwhile the user moved on; the next pass (here: another replica) converges on the latest state.
        await live.put("/api/v1/me/progress/ep-1", json={**PROGRESS, "position_seconds": 99.0}, headers=auth(2))
        await drain(projector)
        assert await pending(pool) == 0
        [entry] = await progress_of(redis_client, 2)
        assert entry["position_seconds"] == 99.0


class TestConcurrentProjectors:
    async def test_an_older_computation_never_overwrites_a_newer_one(
        self, pool: Any, live: httpx.AsyncClient, auth: Auth, projector: Projector, redis_client: Redis
    ) -> None:
        """Replica A holds the lock on a user's progress key and computed it from old data; replica B's pass for a
        newer write must wait for A, then read the newer data and win, whatever order the Redis writes land in."""
        await live.put("/api/v1/me/progress/ep-1", json=PROGRESS, headers=auth(8))
        await drain(projector)
        store = PgModelStore(PoolConnectionSource(pool))
        sink = RedisReadModelSink(redis_client)
        async with store.transaction() as replica_a:
            title = UserTitle(8, "rpc", "naruto")
            stamp_a = await replica_a.lock([keys.user_title(8, "rpc", "naruto")])
            stale = await replica_a.titles([title])

            await live.put("/api/v1/me/progress/ep-1", json={**PROGRESS, "position_seconds": 77.0}, headers=auth(8))
            replica_b = asyncio.create_task(projector.project_pending())
            await asyncio.sleep(0.2)
            assert not replica_b.done()  # waiting for A's lock on the key

            outcome = await sink.write(ComputedModels(titles=stale), stamp_a)
            assert outcome == WriteOutcome(written=1, stale=0)
        result = await asyncio.wait_for(replica_b, timeout=10)
        assert result.events == 2
        [entry] = await progress_of(redis_client, 8)
        assert entry["position_seconds"] == 77.0

        # A replica whose lock was lost (connection dropped) and writes late: refused by the stamp.
        late = await sink.write(ComputedModels(titles=stale), stamp_a)
        assert late == WriteOutcome(written=0, stale=1)
        [entry] = await progress_of(redis_client, 8)
        assert entry["position_seconds"] == 77.0

    async def test_replicas_racing_over_many_writes_converge_on_the_database(
        self,
        pool: Any,
        live: httpx.AsyncClient,
        auth: Auth,
        projector_settings: ProjectorSettings,
        redis_client: Redis,
    ) -> None:
        settings = projector_settings.model_copy(update={"projector_batch_size": 3})
        replicas = [Projector(settings, PoolConnectionSource(pool), redis_client) for _ in range(3)]
        stop = asyncio.Event()

        async def churn(replica: Projector) -> None:
            while not stop.is_set():
                if not (await replica.project_pending()).events:
                    await asyncio.sleep(0.001)

        workers = [asyncio.create_task(churn(replica)) for replica in replicas]
        try:
            for step in range(30):
                user = 1 + step % 3
                body = {**PROGRESS, "position_seconds": float(step)}
                await live.put(f"/api/v1/me/progress/ep-{step % 4}", json=body, headers=auth(user))
                await live.put(f"/api/v1/me/library/t-{step % 5}", json={"score": step % 11}, headers=auth(user))
            async with asyncio.timeout(20):
                while await pending(pool):
                    await asyncio.sleep(0.01)
        finally:
            stop.set()
            await asyncio.gather(*workers)
        projected = await snapshot(redis_client)
        await redis_client.flushdb()
        await replicas[0].rebuild(RebuildRequest())
        assert projected == await snapshot(redis_client)


class TestOutboxHousekeeping:
    async def test_purge_deletes_only_rows_processed_long_enough_ago(self, pool: Any, projector: Projector) -> None:
        await pool.execute(
            "INSERT INTO outbox (topic, payload, created_at, processed_at) "
            "SELECT 'catalog_changed', '{}', now() - interval '2 hours', "
            "CASE WHEN i <= 5 THEN now() - interval '1 hour' WHEN i <= 8 THEN now() END "
            "FROM generate_series(1, 10) AS i"
        )
        purge = PurgeOutbox(PgOutbox(PoolConnectionSource(pool)), retention_seconds=600, batch_size=2)
        assert await purge() == 5  # three batches: 2 + 2 + 1
        left = await pool.fetch("SELECT processed_at IS NULL AS waiting FROM outbox ORDER BY id")
        assert [row["waiting"] for row in left] == [False, False, False, True, True]


class TestListener:
    async def test_the_listener_reconnects_and_notifications_wake_the_projector_again(
        self, pool: Any, live: httpx.AsyncClient, auth: Auth, projector: Projector, redis_client: Redis
    ) -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(projector.run(stop))
        try:
            await asyncio.wait_for(projector.listener.connected.wait(), timeout=10)
            killed = await pool.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = 'ani-projector-listen'"
            )
            assert killed == 1
            async with asyncio.timeout(10):
                while projector.listener.connected.is_set():
                    await asyncio.sleep(0.01)
                await projector.listener.connected.wait()
            await live.put("/api/v1/me/progress/ep-2", json=PROGRESS, headers=auth(12))
            async with asyncio.timeout(10):  # the fallback poll is 30 s: this is the new LISTEN connection
                while await progress_of(redis_client, 12) == "missing":
                    await asyncio.sleep(0.01)
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=15)


class TestProcess:
    async def test_python_m_runs_serves_metrics_and_stops_cleanly_on_sigterm(
        self, database_url: str, redis_url: str, live: httpx.AsyncClient, auth: Auth, redis_client: Redis
    ) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {
            **os.environ,
            "ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "PROJECTOR_METRICS_PORT": str(port),
            "PROJECTOR_METRICS_ADDRESS": "127.0.0.1",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "ani_write.projector",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            await live.put("/api/v1/me/progress/ep-3", json=PROGRESS, headers=auth(13))
            async with asyncio.timeout(20):
                while await progress_of(redis_client, 13) == "missing":
                    await asyncio.sleep(0.02)
            async with httpx.AsyncClient() as http:
                metrics = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
            assert 'ani_projector_events_processed_total{topic="progress_changed"} 1.0' in metrics
            # Redis had no catalog: the heal loop queued a full rebuild, which a projector ran.
            async with asyncio.timeout(20):
                while not await redis_client.exists(keys.CATALOG_VERSION):
                    await asyncio.sleep(0.02)
            assert "ani_projector_lag_seconds_bucket" in metrics
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), timeout=15) == 0
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert process.stdout is not None
        output = (await process.stdout.read()).decode()
        assert '"message": "Projector stopped"' in output


def test_the_projector_uses_the_write_api_migrations() -> None:
    assert service.ALEMBIC_INI == ALEMBIC_INI


class TestTitleModels:
    async def test_an_old_progress_event_without_a_title_recomputes_every_title_of_the_user(
        self, pool: Any, live: httpx.AsyncClient, auth: Auth, projector: Projector, redis_client: Redis
    ) -> None:
        await live.put("/api/v1/me/progress/ep-1", json=PROGRESS, headers=auth(30))
        await live.put("/api/v1/me/progress/ep-2", json={**PROGRESS, "title_id": "bleach"}, headers=auth(30))
        await drain(projector)
        await redis_client.delete(keys.user_title(30, "rpc", "naruto"), keys.user_title(30, "rpc", "bleach"))
        await pool.execute(
            'INSERT INTO outbox (topic, payload) VALUES (\'progress_changed\', \'{"user_id": 30, "provider": "rpc"}\')'
        )
        await drain(projector)
        assert [row["episode_id"] for row in await progress_of(redis_client, 30)] == ["ep-1"]
        assert [row["episode_id"] for row in await progress_of(redis_client, 30, "bleach")] == ["ep-2"]

    async def test_a_progress_write_recomputes_only_its_title(
        self, live: httpx.AsyncClient, auth: Auth, projector: Projector, redis_client: Redis
    ) -> None:
        await live.put("/api/v1/me/progress/ep-1", json=PROGRESS, headers=auth(31))
        await live.put("/api/v1/me/progress/ep-2", json={**PROGRESS, "title_id": "bleach"}, headers=auth(31))
        await drain(projector)
        other = await redis_client.hgetall(keys.user_title(31, "rpc", "bleach"))
        await live.put("/api/v1/me/progress/ep-1", json={**PROGRESS, "position_seconds": 99.0}, headers=auth(31))
        result = await projector.project_pending()
        assert result.models == 2  # naruto's title model and history-last
        assert await redis_client.hgetall(keys.user_title(31, "rpc", "bleach")) == other
        assert (await progress_of(redis_client, 31))[0]["position_seconds"] == 99.0

    async def test_a_stale_title_write_is_refused(
        self, pool: Any, live: httpx.AsyncClient, auth: Auth, projector: Projector, redis_client: Redis
    ) -> None:
        await live.put("/api/v1/me/progress/ep-1", json=PROGRESS, headers=auth(32))
        await drain(projector)
        store = PgModelStore(PoolConnectionSource(pool))
        sink = RedisReadModelSink(redis_client)
        title = UserTitle(32, "rpc", "naruto")
        async with store.transaction() as source:
            stamp = await source.lock([keys.user_title(32, "rpc", "naruto")])
            old = await source.titles([title])
        await live.put("/api/v1/me/progress/ep-1", json={**PROGRESS, "position_seconds": 5.0}, headers=auth(32))
        await drain(projector)
        assert await sink.write(ComputedModels(titles=old), stamp) == WriteOutcome(written=0, stale=1)
        assert (await progress_of(redis_client, 32))[0]["position_seconds"] == 5.0
