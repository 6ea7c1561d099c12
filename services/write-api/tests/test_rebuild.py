# ruff: noqa: F811 - the fixtures shared with test_projector are imported by name, then requested as arguments
"""Rebuilds (the ``ani-write rebuild`` command and the jobs the projector runs), against real PostgreSQL and Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import httpx
import orjson
import pytest
from redis.asyncio import Redis

from ani_common.readmodels import keys
from ani_common.readmodels.writer import ReadModelWriter
from ani_write.application.projection.heal_read_models import HealReadModels
from ani_write.application.projection.ports import ComputedModels, WriteOutcome
from ani_write.application.projection.rebuild_read_models import (
    InvalidRebuildTargetError,
    RebuildReadModels,
    RebuildRequest,
    RebuildScope,
)
from ani_write.application.projection.run_rebuild_job import RunRebuildJob
from ani_write.cli import main, rebuild
from ani_write.infrastructure.db.connections import PoolConnectionSource
from ani_write.infrastructure.projection.outbox import PgRebuildJobs
from ani_write.infrastructure.projection.redis_sink import RedisReadModelSink
from ani_write.infrastructure.projection.source import PgModelStore
from ani_write.projector.service import Projector
from ani_write.projector.settings import ProjectorSettings
from tests.test_projector import (  # noqa: F401 - fixtures
    PROGRESS,
    catalog,
    drain,
    import_titles,
    model,
    pending,
    projector,
    projector_settings,
    snapshot,
    title,
)

Auth = Callable[..., dict[str, str]]


async def seed(live: httpx.AsyncClient, auth: Auth, internal: dict[str, str]) -> None:
    seasons = [
        {"source_episode_id": f"3:{season}:{number}", "number": number, "season": season}
        for season, number in [(2, 1), (None, 1), (0, 1), (1, 2), (1, 1)]
    ]
    await import_titles(
        live,
        internal,
        title("1", "Alpha", genres=["Action", "Drama"]),
        title("2", "Beta", genres=["action"]),
        title("3", "Gamma", year=1999, genres=["Drama"], episodes=seasons),
    )
    for user in (1, 2):
        await live.put("/api/v1/me/library/alpha", json={"score": user}, headers=auth(user))
        await live.put("/api/v1/me/library/nope", json={"is_favorite": True}, headers=auth(user))
        await live.put("/api/v1/me/progress/e1", json=PROGRESS, headers=auth(user))
        await live.put("/api/v1/me/progress/e2", params={"provider": "alt"}, json=PROGRESS, headers=auth(user))
    await live.put("/api/v1/me/library/beta", json={}, params={"provider": "alt"}, headers=auth(3))
    await live.put("/api/v1/me/progress/e1", json=PROGRESS, headers=auth(4))
    # a watched episode with a translation, and a progress row on a catalog episode (episode number/season joined)
    watched = {**PROGRESS, "position_seconds": 1390.0, "duration_seconds": 1400.0, "translation_id": "610"}
    await live.put("/api/v1/me/progress/e3", json=watched, headers=auth(4))
    catalog_episode = await live.get("/api/v1/anime/gamma/episodes")
    first = catalog_episode.json()[0]["id"]
    await live.put(f"/api/v1/me/progress/{first}", json={**PROGRESS, "title_id": "gamma"}, headers=auth(4))
    await live.delete("/api/v1/me/history", headers=auth(4))  # history-last: null


class GatedSink(RedisReadModelSink):
    """Stops before its ``pause_at``-th write until released (to look at a job while it runs)."""

    def __init__(self, redis: Redis, pause_at: int) -> None:
        super().__init__(redis)
        self.writes = 0
        self.pause_at = pause_at
        self.reached = asyncio.Event()
        self.release = asyncio.Event()

    async def write(self, models: ComputedModels, stamp: int) -> WriteOutcome:
        self.writes += 1
        if self.writes == self.pause_at:
            self.reached.set()
            await self.release.wait()
        return await super().write(models, stamp)


class BrokenAfter(RedisReadModelSink):
    """Redis goes away after ``writes`` chunk writes (every later write fails, as on a dropped connection)."""

    def __init__(self, redis: Redis, writes: int) -> None:
        super().__init__(redis)
        self.left = writes

    async def write(self, models: ComputedModels, stamp: int) -> WriteOutcome:
        if self.left == 0:
            raise ConnectionError("Connection closed by server.")
        self.left -= 1
        return await super().write(models, stamp)


async def request_job(pool: Any, scope: str, target: str | None) -> UUID:
    job_id = uuid4()
    async with pool.acquire() as db, db.transaction():
        await db.execute("INSERT INTO rebuild_jobs (id, scope, target) VALUES ($1, $2, $3)", job_id, scope, target)
        await db.execute(
            "INSERT INTO outbox (topic, payload) VALUES ('rebuild_requested', jsonb_build_object('job_id', $1::text))",
            str(job_id),
        )
    return job_id


async def job_row(pool: Any, job_id: UUID) -> dict[str, Any]:
    row = await pool.fetchrow("SELECT * FROM rebuild_jobs WHERE id = $1", job_id)
    return dict(row)


class TestRebuild:
    async def test_rebuild_from_scratch_equals_incremental_projection(
        self, live: httpx.AsyncClient, auth: Auth, internal: dict[str, str], projector: Projector, redis_client: Redis
    ) -> None:
        await seed(live, auth, internal)
        await drain(projector)
        incremental = await snapshot(redis_client)
        assert len([key for key in incremental if key.startswith("catalog:")]) == 3
        assert incremental[keys.user_history_last(4, "rpc")] == b"null"
        assert orjson.loads(incremental[keys.CATALOG_GENRES]) == [["Action", 1], ["Drama", 2], ["action", 1]]
        gamma = orjson.loads(incremental[keys.anime_detail("gamma")])
        assert [(e["season"], e["number"]) for e in gamma["episodes"]] == [(None, 1), (0, 1), (1, 1), (1, 2), (2, 1)]

        await redis_client.flushdb()
        result = await projector.rebuild(RebuildRequest())
        assert result.total == 3 + 6  # anime + (user, provider) pairs
        rebuilt = await snapshot(redis_client)
        assert {key: rebuilt.get(key) for key in incremental} == incremental
        # A rebuild writes all three models of every (user, provider) it sees; the projector only the ones that
        # changed. The extra ones are the empty models (200 `[]` / `null` instead of 404 "never projected").
        extra = {key: body for key, body in rebuilt.items() if key not in incremental}
        assert extra
        assert set(extra.values()) <= {b"[]", b"null"}

    async def test_rebuild_removes_what_is_no_longer_in_the_database(
        self, pool: Any, live: httpx.AsyncClient, internal: dict[str, str], projector: Projector, redis_client: Redis
    ) -> None:
        await import_titles(live, internal, title("1", "Alpha"), title("2", "Beta"))
        await drain(projector)
        # Changed behind the projector's back (no events): only a rebuild can notice.
        await pool.execute("DELETE FROM anime WHERE slug = 'alpha'")
        await pool.execute("UPDATE outbox SET processed_at = now()")

        await projector.rebuild(RebuildRequest())
        assert list(await catalog(redis_client)) == ["beta"]
        assert await model(redis_client, keys.anime_detail("alpha")) == "missing"
        assert await redis_client.exists(keys.CATALOG_VERSION)

    async def test_an_empty_database_gives_an_empty_but_projected_catalog(
        self, pool: Any, projector: Projector, redis_client: Redis
    ) -> None:
        result = await projector.rebuild(RebuildRequest())
        assert result.total == 0
        assert await redis_client.exists(keys.CATALOG_VERSION)
        assert await catalog(redis_client) == {}

    async def test_one_anime_or_one_user(
        self, live: httpx.AsyncClient, auth: Auth, internal: dict[str, str], projector: Projector, redis_client: Redis
    ) -> None:
        await seed(live, auth, internal)
        await projector.rebuild(RebuildRequest(RebuildScope.ANIME, slug="beta"))
        assert list(await catalog(redis_client)) == ["beta"]
        assert await model(redis_client, keys.anime_detail("alpha")) == "missing"

        await projector.rebuild(RebuildRequest(RebuildScope.USER, user_id=1))
        # two library PUTs plus the title a progress PUT added
        assert len(await model(redis_client, keys.user_library(1, "rpc"))) == 3
        assert await redis_client.zcard(keys.user_recent(1, "alt")) == 1
        assert await model(redis_client, keys.user_library(2, "rpc")) == "missing"

        await projector.rebuild(RebuildRequest(RebuildScope.USER, user_id=2, provider="alt"))
        # user 2's progress on provider alt added its title to that library
        assert [entry["title_id"] for entry in await model(redis_client, keys.user_library(2, "alt"))] == ["naruto"]
        assert await model(redis_client, keys.user_library(2, "rpc")) == "missing"

    async def test_a_rebuild_replaces_the_old_layout(
        self, live: httpx.AsyncClient, auth: Auth, internal: dict[str, str], projector: Projector, redis_client: Redis
    ) -> None:
        """Keys left by earlier versions — the whole-array progress model and libraries embedding the anime — are
        replaced or removed by one rebuild, which then equals the incremental projection."""
        await seed(live, auth, internal)
        await drain(projector)
        incremental = await snapshot(redis_client)
        writer = ReadModelWriter(redis_client)
        await redis_client.flushdb()
        await writer.put_progress(4, "rpc", [])  # legacy key
        await redis_client.hset(keys.user_library(1, "rpc"), mapping={"json": b'[{"anime": {}}]', "etag": b'"x"'})
        await redis_client.zadd(keys.user_recent(1, "rpc"), {"gone": 1})  # a title no data backs any more
        await redis_client.hset(keys.user_title(1, "rpc", "gone"), mapping={"json": b"{}", "etag": b'"y"'})
        await projector.rebuild(RebuildRequest())
        assert await redis_client.exists(keys.user_progress(4, "rpc")) == 0
        assert await redis_client.hget(keys.user_title(1, "rpc", "gone"), keys.FIELD_JSON) is None
        rebuilt = await snapshot(redis_client)
        assert {key: rebuilt.get(key) for key in incremental} == incremental
        assert {body for key, body in rebuilt.items() if key not in incremental} <= {b"[]", b"null"}

    async def test_title_models_and_watched(
        self, live: httpx.AsyncClient, auth: Auth, internal: dict[str, str], projector: Projector, redis_client: Redis
    ) -> None:
        await seed(live, auth, internal)
        await drain(projector)
        naruto = await model(redis_client, keys.user_title(4, "rpc", "naruto"))
        assert naruto["translation_id"] == "610"
        assert [(row["episode_id"], row["watched"]) for row in naruto["progress"]] == [("e3", True), ("e1", False)]
        assert naruto["library"]["episodes_watched"] == 1
        gamma = await model(redis_client, keys.user_title(4, "rpc", "gamma"))
        assert gamma["progress"][0]["episode"] == {"number": 1, "season": None}
        assert naruto["progress"][0]["episode"] is None

    async def test_the_command_prints_progress(
        self,
        live: httpx.AsyncClient,
        auth: Auth,
        internal: dict[str, str],
        projector_settings: ProjectorSettings,
        redis_client: Redis,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        await seed(live, auth, internal)
        result = await rebuild(projector_settings, RebuildRequest())
        assert result.total == 9
        out = capsys.readouterr().out
        assert "rebuild all: 0/9" in out
        assert "rebuild all: 9/9" in out
        assert sorted(await catalog(redis_client)) == ["alpha", "beta", "gamma"]


class TestArguments:
    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["rebuild", "all", "--anime", "x"], "cannot be combined"),
            (["rebuild", "--provider", "rpc"], "--provider needs --user"),
            (["rebuild", "--user", "0"], "positive user id"),
            (["rebuild", "--user", "1", "--provider", "Bad!"], "provider must match"),
            (["rebuild", "--anime", "a", "--user", "1"], "not allowed with"),
        ],
    )
    def test_bad_arguments_exit_2_with_a_message(
        self, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        assert message in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("scope", "target", "expected"),
        [
            ("all", None, RebuildRequest()),
            ("anime", "naruto", RebuildRequest(RebuildScope.ANIME, slug="naruto")),
            ("user", "42", RebuildRequest(RebuildScope.USER, user_id=42)),
            ("user", "42:alt", RebuildRequest(RebuildScope.USER, user_id=42, provider="alt")),
        ],
    )
    def test_job_targets(self, scope: str, target: str | None, expected: RebuildRequest) -> None:
        assert RebuildRequest.from_job(scope, target) == expected

    @pytest.mark.parametrize(("scope", "target"), [("user", "x"), ("user", None), ("anime", None), ("nope", None)])
    def test_bad_job_targets(self, scope: str, target: str | None) -> None:
        with pytest.raises(InvalidRebuildTargetError):
            RebuildRequest.from_job(scope, target)


class TestRebuildJobs:
    async def test_the_projector_runs_a_requested_job_and_records_progress(
        self,
        pool: Any,
        live: httpx.AsyncClient,
        auth: Auth,
        internal: dict[str, str],
        projector: Projector,
        redis_client: Redis,
    ) -> None:
        await seed(live, auth, internal)
        await pool.execute("UPDATE outbox SET processed_at = now()")  # only the rebuild builds the models
        job_id = await request_job(pool, "all", None)
        sink = GatedSink(redis_client, pause_at=3)
        source = PoolConnectionSource(pool)
        run_job = RunRebuildJob(
            PgRebuildJobs(source), RebuildReadModels(PgModelStore(source), sink, chunk_size=2), projector.metrics
        )
        task = asyncio.create_task(run_job())
        try:
            await asyncio.wait_for(sink.reached.wait(), timeout=10)
            # What the admin panel sees while the job runs (another connection): the two anime chunks (2 + 1) done.
            row = await job_row(pool, job_id)
            assert (row["status"], row["done"], row["total"], row["finished_at"]) == ("running", 3, 9, None)
        finally:
            sink.release.set()
        assert await asyncio.wait_for(task, timeout=10) is True

        row = await job_row(pool, job_id)
        assert (row["status"], row["done"], row["total"], row["error"]) == ("succeeded", 9, 9, None)
        assert row["finished_at"] >= row["started_at"]
        assert await pending(pool) == 0
        assert sorted(await catalog(redis_client)) == ["alpha", "beta", "gamma"]
        assert await projector.run_rebuild_job() is False

    async def test_a_bad_target_fails_the_job_with_a_clear_message(self, pool: Any, projector: Projector) -> None:
        job_id = await request_job(pool, "user", "someone")
        assert await projector.run_rebuild_job() is True
        row = await job_row(pool, job_id)
        assert row["status"] == "failed"
        assert row["error"].startswith("Invalid rebuild target")
        assert await pending(pool) == 0

    async def test_a_failure_is_recorded_without_internals(
        self, pool: Any, projector: Projector, redis_client: Redis
    ) -> None:
        job_id = await request_job(pool, "all", None)
        await redis_client.set(keys.CATALOG_ITEMS, "not a hash")  # Redis answers WRONGTYPE
        assert await projector.run_rebuild_job() is True
        row = await job_row(pool, job_id)
        assert row["status"] == "failed"
        assert "WRONGTYPE" not in row["error"]
        assert "projector log" in row["error"]
        assert projector.metrics.registry.get_sample_value("ani_projector_errors_total", {"stage": "rebuild_job"}) == 1

    async def test_one_replica_runs_a_job_and_a_dead_one_leaves_it_pending(
        self, pool: Any, projector: Projector
    ) -> None:
        job_id = await request_job(pool, "anime", "alpha")
        jobs = PgRebuildJobs(PoolConnectionSource(pool))

        async def die_mid_job() -> None:
            async with jobs.claim_next() as claimed:
                assert claimed is not None
                assert claimed.job is not None
                await claimed.start()
                assert await projector.run_rebuild_job() is False  # held by the first replica: skipped
                raise RuntimeError("the replica dies mid-job")

        with pytest.raises(RuntimeError):
            await die_mid_job()
        assert (await job_row(pool, job_id))["status"] == "running"
        assert await pending(pool) == 1

        assert await projector.run_rebuild_job() is True  # another replica runs it again
        row = await job_row(pool, job_id)
        assert (row["status"], row["done"], row["total"]) == ("succeeded", 1, 1)

    async def test_finished_or_unknown_jobs_are_only_acknowledged(self, pool: Any, projector: Projector) -> None:
        job_id = await request_job(pool, "all", None)
        await pool.execute("UPDATE rebuild_jobs SET status = 'succeeded', done = 7, total = 7")
        await pool.execute(
            "INSERT INTO outbox (topic, payload) VALUES ('rebuild_requested', $1::jsonb)",
            orjson.dumps({"job_id": str(uuid4())}).decode(),
        )
        assert await projector.run_rebuild_job() is True
        assert await projector.run_rebuild_job() is True
        assert await projector.run_rebuild_job() is False
        assert (await job_row(pool, job_id))["done"] == 7
        assert await pending(pool) == 0


class TestHeal:
    async def test_a_missing_catalog_queues_exactly_one_full_rebuild(
        self, pool: Any, projector: Projector, redis_client: Redis
    ) -> None:
        job_id = await projector.heal()
        assert job_id is not None
        assert await projector.heal() is None  # already queued
        assert (await job_row(pool, job_id))["status"] == "pending"
        assert await projector.run_rebuild_job() is True
        assert (await job_row(pool, job_id))["status"] == "succeeded"
        assert await redis_client.exists(keys.CATALOG_VERSION)
        assert await projector.heal() is None  # projected now
        assert await pool.fetchval("SELECT count(*) FROM rebuild_jobs") == 1

        await redis_client.flushdb()  # Redis lost its data
        assert await projector.heal() is not None

    async def test_a_rebuild_that_stopped_midway_is_queued_again(
        self,
        pool: Any,
        live: httpx.AsyncClient,
        auth: Auth,
        internal: dict[str, str],
        projector: Projector,
        redis_client: Redis,
    ) -> None:
        """The fault suite's "Redis came back empty" case: the heal's rebuild ran into the client's connections to the
        old server (each fails once) after its first chunk had been written, and the catalog stayed incomplete."""
        await seed(live, auth, internal)
        await drain(projector)
        await redis_client.flushdb()  # Redis came back empty
        first = await projector.heal()
        assert first is not None
        source = PoolConnectionSource(pool)
        failing = RunRebuildJob(
            PgRebuildJobs(source),
            RebuildReadModels(PgModelStore(source), BrokenAfter(redis_client, writes=1), chunk_size=2),
            projector.metrics,
        )
        assert await failing() is True
        assert (await job_row(pool, first))["status"] == "failed"
        assert sorted(await catalog(redis_client)) == ["alpha", "beta"]  # the first chunk only

        second = await projector.heal()
        assert second is not None
        assert await projector.run_rebuild_job() is True
        assert (await job_row(pool, second))["status"] == "succeeded"
        assert sorted(await catalog(redis_client)) == ["alpha", "beta", "gamma"]
        assert await model(redis_client, keys.anime_detail("gamma")) != "missing"
        assert await projector.heal() is None

    async def test_models_projected_after_a_data_loss_do_not_hide_it(
        self,
        pool: Any,
        live: httpx.AsyncClient,
        auth: Auth,
        internal: dict[str, str],
        projector: Projector,
        redis_client: Redis,
    ) -> None:
        """Events projected between the data loss and the next heal (an import, an admin edit, progress saves) write
        their own models and mark the catalog projected: the rest is still missing, and the heal must see it."""
        await seed(live, auth, internal)
        await drain(projector)
        await projector.rebuild(RebuildRequest())
        assert await projector.heal() is None
        await redis_client.flushdb()
        await import_titles(live, internal, title("1", "Alpha Prime"))
        await live.put("/api/v1/me/progress/e1", json={**PROGRESS, "position_seconds": 60.0}, headers=auth(1))
        await drain(projector)
        assert await redis_client.exists(keys.CATALOG_VERSION)
        assert sorted(await catalog(redis_client)) == ["alpha"]

        job_id = await projector.heal()
        assert job_id is not None
        assert await projector.run_rebuild_job() is True
        assert (await job_row(pool, job_id))["status"] == "succeeded"
        assert sorted(await catalog(redis_client)) == ["alpha", "beta", "gamma"]
        assert await projector.heal() is None

    async def test_a_flush_during_a_rebuild_is_noticed(
        self, pool: Any, live: httpx.AsyncClient, auth: Auth, internal: dict[str, str], redis_client: Redis
    ) -> None:
        """Redis losing its data while a full rebuild runs: the chunks written before are gone, so the rebuild that
        finishes afterwards has not restored everything and must not count as a complete one."""
        await seed(live, auth, internal)
        source = PoolConnectionSource(pool)
        sink = GatedSink(redis_client, pause_at=2)
        rebuild = RebuildReadModels(PgModelStore(source), sink, chunk_size=2)
        heal = HealReadModels(sink, PgRebuildJobs(source))
        task = asyncio.create_task(rebuild(RebuildRequest()))
        try:
            await asyncio.wait_for(sink.reached.wait(), timeout=10)
            await redis_client.flushdb()  # the first chunk (alpha, beta) is lost
        finally:
            sink.release.set()
        await asyncio.wait_for(task, timeout=10)
        assert sorted(await catalog(redis_client)) == ["gamma"]
        assert await heal() is not None
