"""The projector process: composition (pool, Redis, metrics) and its loops.

* projection loop: one :class:`ProjectPending` pass after another while batches come back full; otherwise wait for a
  ``NOTIFY ani_outbox`` or the fallback poll. Failures are logged and counted, then retried with a backoff (the rows
  stay pending).
* job loop: runs ``rebuild_requested`` jobs one at a time (each holds its event's row lock while it runs).
* purge loop: deletes processed outbox rows older than the retention, in small batches.
* heal loop: queues a full rebuild job when Redis holds no record of a complete one (data lost, a fresh Redis, or
  the last full rebuild stopped midway; ``heal_read_models.py``).
* listener: a dedicated LISTEN connection (reconnects by itself).

Shutdown (SIGTERM/SIGINT → ``stop``): the projection loop finishes its current batch (bounded wait), the other
loops are cancelled; a cancelled rebuild job stays pending and is run again by the next projector.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from redis.asyncio import Redis

from ani_common.logging import get_logger
from ani_common.redis import create_redis
from ani_write.application.projection.heal_read_models import HealReadModels
from ani_write.application.projection.project_pending import ProjectPending
from ani_write.application.projection.purge_outbox import PurgeOutbox
from ani_write.application.projection.rebuild_read_models import RebuildReadModels
from ani_write.application.projection.run_rebuild_job import RunRebuildJob
from ani_write.infrastructure.db.connections import ConnectionSource, PoolConnectionSource, asyncpg_dsn, create_pool
from ani_write.infrastructure.projection.metrics import PrometheusProjectionMetrics
from ani_write.infrastructure.projection.notify import OutboxListener
from ani_write.infrastructure.projection.outbox import PgOutbox, PgRebuildJobs
from ani_write.infrastructure.projection.redis_sink import RedisReadModelSink
from ani_write.infrastructure.projection.source import PgModelStore
from ani_write.projector.settings import ProjectorSettings

__all__ = ["Projector", "open_resources", "wait_any"]

log = get_logger(__name__)

#: the write-api's ``alembic.ini`` (``ani_write.bootstrap`` has the same path; not imported to keep FastAPI out of
#: the projector process)
ALEMBIC_INI = Path(__file__).resolve().parents[3] / "alembic.ini"
SHUTDOWN_GRACE = 10.0
MAX_BACKOFF = 10.0


async def wait_any(*events: asyncio.Event, seconds: float) -> None:
    """Return when any event is set or after ``seconds``."""
    if any(event.is_set() for event in events):
        return
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


@dataclass(slots=True)
class Resources:
    connections: ConnectionSource
    redis: Redis


@asynccontextmanager
async def open_resources(settings: ProjectorSettings) -> AsyncIterator[Resources]:
    """The asyncpg pool and the Redis client of a projector or a rebuild command."""
    if settings.is_production:
        from ani_common.db import assert_production_database, create_engine  # SQLAlchemy: only for this check

        engine = create_engine(settings.database_dsn, pool_size=1, max_overflow=0)
        try:
            await assert_production_database(engine, ALEMBIC_INI)
        finally:
            await engine.dispose()
    pool = await create_pool(settings.database_dsn, min_size=2, max_size=settings.db_pool_size)
    redis = create_redis(settings.redis_dsn, max_connections=settings.redis_max_connections)
    try:
        yield Resources(PoolConnectionSource(pool), redis)
    finally:
        await redis.aclose()
        await pool.close()


class Projector:
    def __init__(
        self,
        settings: ProjectorSettings,
        connections: ConnectionSource,
        redis: Redis,
        *,
        metrics: PrometheusProjectionMetrics | None = None,
    ) -> None:
        self.settings = settings
        self.metrics = metrics or PrometheusProjectionMetrics()
        sink = RedisReadModelSink(redis, concurrency=settings.projector_redis_concurrency)
        outbox = PgOutbox(connections)
        self.project_pending = ProjectPending(outbox, sink, self.metrics, batch_size=settings.projector_batch_size)
        self.rebuild = RebuildReadModels(PgModelStore(connections), sink, chunk_size=settings.projector_rebuild_chunk)
        jobs = PgRebuildJobs(connections)
        self.run_rebuild_job = RunRebuildJob(jobs, self.rebuild, self.metrics)
        self.heal = HealReadModels(sink, jobs)
        self.purge = PurgeOutbox(
            outbox, retention_seconds=settings.projector_outbox_retention, batch_size=settings.projector_purge_batch
        )
        self._wake = asyncio.Event()
        self._job_wake = asyncio.Event()
        self.listener = OutboxListener(asyncpg_dsn(settings.database_dsn), self.wake)
        #: set after every pass (tests and the benchmark wait on it)
        self.passes = 0

    def wake(self) -> None:
        self._wake.set()
        self._job_wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Run until ``stop`` is set."""
        log.info("Projector started", batch_size=self.settings.projector_batch_size)
        background: list[asyncio.Task[None]] = [
            asyncio.create_task(self._loop("rebuild_job", self._job_wake, stop, self._run_jobs)),
            asyncio.create_task(self._purge_loop(stop)),
        ]
        if self.settings.projector_listen:
            background.append(asyncio.create_task(self.listener.run()))
        if self.settings.projector_heal_interval:
            background.append(asyncio.create_task(self._heal_loop(stop)))
        projection = asyncio.create_task(self._loop("project", self._wake, stop, self._project))
        try:
            await stop.wait()
            try:
                await asyncio.wait_for(asyncio.shield(projection), timeout=SHUTDOWN_GRACE)
            except TimeoutError:
                log.warning("Projection pass did not finish in time; cancelling it (its rows stay pending)")
        finally:
            for task in [projection, *background]:
                task.cancel()
            for task in [projection, *background]:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            log.info("Projector stopped")

    async def _project(self) -> bool:
        result = await self.project_pending()
        self.passes += 1
        if result.events:
            log.debug(
                "Projected a batch",
                events=result.events,
                models=result.models,
                stale=result.outcome.stale,
                max_lag_ms=round(result.max_lag * 1000, 1),
            )
        return result.events >= self.project_pending.batch_size

    async def _run_jobs(self) -> bool:
        return await self.run_rebuild_job()

    async def _loop(
        self, stage: str, wake: asyncio.Event, stop: asyncio.Event, step: Callable[[], Awaitable[bool]]
    ) -> None:
        """``step`` returns ``True`` when more work is waiting (run again at once)."""
        failures = 0
        while not stop.is_set():
            wake.clear()
            try:
                more = await step()
                failures = 0
            except Exception:
                failures += 1
                self.metrics.error(stage)
                log.exception("Projector step failed; retrying", stage=stage, failures=failures)
                await wait_any(stop, seconds=min(MAX_BACKOFF, 0.2 * 2**failures))
                continue
            if not more:
                await wait_any(wake, stop, seconds=self.settings.projector_poll_interval)

    async def _heal_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                if await self.heal() is not None:
                    self._job_wake.set()
            except Exception:
                self.metrics.error("heal")
                log.exception("Read-model health check failed")
            await wait_any(stop, seconds=self.settings.projector_heal_interval)

    async def _purge_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                deleted = await self.purge()
                if deleted:
                    log.info("Purged processed outbox rows", deleted=deleted)
            except Exception:
                self.metrics.error("purge")
                log.exception("Outbox purge failed")
            await wait_any(stop, seconds=self.settings.projector_purge_interval)
