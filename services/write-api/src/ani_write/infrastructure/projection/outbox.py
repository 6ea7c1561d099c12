# ruff: noqa: S608 - SQL here is composed only from module constants; values are always bind parameters.
"""The outbox on asyncpg: batch claims (``FOR UPDATE SKIP LOCKED``), processed marks, purge, rebuild-job claims."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID, uuid4

import orjson

from ani_write.application.projection.ports import ClaimedEvent, ModelSource, RebuildJob
from ani_write.domain.events import REBUILD_REQUESTED
from ani_write.infrastructure.db.connections import ConnectionSource
from ani_write.infrastructure.db.wakeups import NOTIFY_OUTBOX
from ani_write.infrastructure.projection.source import PgModelSource

__all__ = ["PgClaimedBatch", "PgClaimedJob", "PgOutbox", "PgRebuildJobs"]

# The partial index ix_outbox_pending holds only pending rows, so the claim costs O(batch) however many processed
# rows wait for the purge. Rebuild requests are claimed one at a time by the job runner (they can run for minutes).
CLAIM = f"""
SELECT id, topic, payload::text AS payload, created_at FROM outbox
WHERE processed_at IS NULL AND topic <> '{REBUILD_REQUESTED}'
ORDER BY id LIMIT $1
FOR UPDATE SKIP LOCKED
"""
# clock_timestamp(): the moment Redis had been written (this runs after the write), not the transaction start.
MARK_PROCESSED = """
UPDATE outbox SET processed_at = clock_timestamp() WHERE id = ANY($1::bigint[])
RETURNING extract(epoch FROM processed_at - created_at)::float8 AS lag
"""
PURGE = """
DELETE FROM outbox WHERE id IN (
    SELECT id FROM outbox WHERE processed_at < now() - make_interval(secs => $1::float8)
    ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
)
"""
CLAIM_JOB = f"""
SELECT id, payload::text AS payload FROM outbox
WHERE processed_at IS NULL AND topic = '{REBUILD_REQUESTED}'
ORDER BY id LIMIT 1
FOR UPDATE SKIP LOCKED
"""
MARK_ONE = "UPDATE outbox SET processed_at = clock_timestamp() WHERE id = $1"
JOB = "SELECT id, scope, target, status FROM rebuild_jobs WHERE id = $1"
JOB_START = """
UPDATE rebuild_jobs SET
    status = 'running', started_at = clock_timestamp(), finished_at = NULL, error = NULL, done = 0, total = NULL
WHERE id = $1
"""
JOB_REPORT = "UPDATE rebuild_jobs SET done = $2, total = $3 WHERE id = $1"
JOB_FINISH = """
UPDATE rebuild_jobs SET
    status = CASE WHEN $2::text IS NULL THEN 'succeeded' ELSE 'failed' END,
    error = $2::text,
    finished_at = clock_timestamp(),
    done = CASE WHEN $2::text IS NULL THEN coalesce(total, done) ELSE done END
WHERE id = $1
"""


class PgClaimedBatch:
    def __init__(self, connection: Any, events: Sequence[ClaimedEvent]) -> None:
        self._db = connection
        self._events = events
        self._source = PgModelSource(connection)

    @property
    def events(self) -> Sequence[ClaimedEvent]:
        return self._events

    @property
    def source(self) -> ModelSource:
        return self._source

    async def mark_processed(self) -> list[float]:
        rows = await self._db.fetch(MARK_PROCESSED, [event.id for event in self._events])
        return [max(0.0, float(row["lag"])) for row in rows]


def _event(row: Any) -> ClaimedEvent:
    try:
        payload = orjson.loads(row["payload"])
    except orjson.JSONDecodeError:
        payload = {}
    if not isinstance(payload, dict):
        payload = {}
    return ClaimedEvent(id=row["id"], topic=row["topic"], payload=payload, created_at=row["created_at"])


class PgOutbox:
    def __init__(self, source: ConnectionSource) -> None:
        self._source = source

    @asynccontextmanager
    async def claim(self, limit: int) -> AsyncIterator[PgClaimedBatch]:
        async with self._source.acquire() as connection, connection.transaction():
            rows = await connection.fetch(CLAIM, limit)
            yield PgClaimedBatch(connection, [_event(row) for row in rows])

    async def purge(self, older_than_seconds: float, batch_size: int) -> int:
        async with self._source.acquire() as connection:
            status: str = await connection.execute(PURGE, older_than_seconds, batch_size)
        return int(status.rsplit(" ", 1)[-1])


class PgClaimedJob:
    def __init__(self, connection: Any, source: ConnectionSource, outbox_id: int, job: RebuildJob | None) -> None:
        self._db = connection
        self._source = source
        self._outbox_id = outbox_id
        self._job = job

    @property
    def job(self) -> RebuildJob | None:
        return self._job

    async def _autocommit(self, sql: str, *args: Any) -> None:
        async with self._source.acquire() as connection:
            await connection.execute(sql, *args)

    async def start(self) -> None:
        assert self._job is not None  # noqa: S101 - only called for a job
        await self._autocommit(JOB_START, self._job.id)

    async def report(self, done: int, total: int) -> None:
        assert self._job is not None  # noqa: S101 - only called for a job
        await self._autocommit(JOB_REPORT, self._job.id, done, total)

    async def finish(self, error: str | None) -> None:
        if self._job is not None:
            await self._db.execute(JOB_FINISH, self._job.id, error)
        await self._db.execute(MARK_ONE, self._outbox_id)

    async def discard(self) -> None:
        await self._db.execute(MARK_ONE, self._outbox_id)


# One replica at a time decides (transaction-scoped try-lock), and only when no full rebuild is queued or running.
HEAL_LOCK = "SELECT pg_try_advisory_xact_lock(hashtextextended('ani_write:projector:heal', 0))"
FULL_REBUILD_QUEUED = (
    "SELECT EXISTS (SELECT 1 FROM rebuild_jobs WHERE scope = 'all' AND status IN ('pending', 'running'))"
)
QUEUE_FULL_REBUILD = f"""
WITH job AS (INSERT INTO rebuild_jobs (id, scope) VALUES ($1, 'all') RETURNING id)
INSERT INTO outbox (topic, payload) SELECT '{REBUILD_REQUESTED}', jsonb_build_object('job_id', id::text) FROM job
"""


def _job_id(payload: str) -> UUID | None:
    try:
        value = orjson.loads(payload)
        return UUID(str(value["job_id"]))
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None


class PgRebuildJobs:
    """Needs a pool: the job's progress and its rebuild transactions use other connections than the claim's."""

    def __init__(self, source: ConnectionSource) -> None:
        self._source = source

    async def request_full_rebuild(self) -> UUID | None:
        async with self._source.acquire() as connection, connection.transaction():
            if not await connection.fetchval(HEAL_LOCK) or await connection.fetchval(FULL_REBUILD_QUEUED):
                return None
            job_id = uuid4()
            await connection.execute(QUEUE_FULL_REBUILD, job_id)
            await connection.execute(NOTIFY_OUTBOX)  # delivered at commit: every replica wakes for the job
        return job_id

    @asynccontextmanager
    async def claim_next(self) -> AsyncIterator[PgClaimedJob | None]:
        async with self._source.acquire() as connection, connection.transaction():
            row = await connection.fetchrow(CLAIM_JOB)
            if row is None:
                yield None
                return
            job = None
            job_id = _job_id(row["payload"])
            if job_id is not None:
                found = await connection.fetchrow(JOB, job_id)
                if found is not None:
                    job = RebuildJob(
                        id=found["id"], scope=found["scope"], target=found["target"], status=found["status"]
                    )
            yield PgClaimedJob(connection, self._source, row["id"], job)
