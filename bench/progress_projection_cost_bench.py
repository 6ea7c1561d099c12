"""Projection cost of one progress write: a viewer with a long history against a viewer with a short one.

Per-title read models (``user:<id>:title:<provider>:<title>``) make a ``progress_changed`` event recompute only the
written title, so the cost of projecting one progress write must not grow with the viewer's history. This measures
it in the same run for two viewers: ``heavy`` (5,000 progress rows over 250 titles) and ``light`` (10 rows over one
title; the baseline). Each round writes one progress row of the viewer exactly as the progress PUT does (the
write-api's own single-statement unit of work: upsert, history, library side effect, outbox events), then times one
projector pass (``Projector.project_pending``: claim, recompute, write Redis, mark processed), alternating the two
viewers. Goal: heavy ÷ light p50 ≤ 1.2.

A dedicated database ``ani_progress_cost_bench`` is created, migrated and dropped; Redis DB 12 is flushed before and
after. In process, loopback only. From the repo root:

    uv run --package ani-write-api python bench/progress_projection_cost_bench.py [--rounds 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from pathlib import Path

import asyncpg
from alembic import command
from redis.asyncio import Redis

from ani_common.db import alembic_config
from ani_write.application.commands.record_progress import RecordProgress, RecordProgressHandler
from ani_write.application.projection.rebuild_read_models import RebuildRequest
from ani_write.infrastructure.db.connections import PoolConnectionSource
from ani_write.infrastructure.db.unit_of_work import AsyncpgUnitOfWork
from ani_write.projector.service import Projector
from ani_write.projector.settings import ProjectorSettings

ROOT = Path(__file__).resolve().parents[1]
ALEMBIC_INI = ROOT / "services" / "write-api" / "alembic.ini"
ADMIN_DSN = os.environ.get("BENCH_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "ani_progress_cost_bench"
DB_DSN = ADMIN_DSN.rsplit("/", 1)[0] + f"/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/12"
HEAVY, LIGHT = 1, 2
HEAVY_ROWS, HEAVY_TITLES, LIGHT_ROWS = 5000, 250, 10
GOAL_RATIO = 1.2

SEED = """
INSERT INTO user_progress (user_id, provider, title_id, episode_id, position_seconds, duration_seconds, updated_at)
SELECT $1, 'rpc', 'title-' || (i % $3), 'ep-' || i, 10, 1400, now() - i * interval '1 second'
FROM generate_series(1, $2) AS i
"""
SEED_HISTORY = """
INSERT INTO user_history (user_id, provider, title_id, episode_id, position_seconds, watched_at)
SELECT user_id, provider, title_id, episode_id, position_seconds, updated_at FROM user_progress
"""
SEED_LIBRARY = """
INSERT INTO user_library_items (user_id, provider, title_id, status)
SELECT DISTINCT user_id, provider, title_id, 'watching' FROM user_progress
"""


async def admin(sql: str) -> None:
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def run(rounds: int) -> dict[str, list[float]]:
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    pool = await asyncpg.create_pool(DB_DSN, min_size=2, max_size=6)
    try:
        await pool.execute(SEED, HEAVY, HEAVY_ROWS, HEAVY_TITLES)
        await pool.execute(SEED, LIGHT, LIGHT_ROWS, 1)
        await pool.execute(SEED_HISTORY)
        await pool.execute(SEED_LIBRARY)
        await pool.execute("VACUUM ANALYZE")
        source = PoolConnectionSource(pool)
        settings = ProjectorSettings(
            env="dev", database_url=DB_DSN, redis_url=REDIS_URL, projector_heal_interval=0, _env_file=None
        )
        projector = Projector(settings, source, redis)
        handler = RecordProgressHandler(lambda: AsyncpgUnitOfWork(source))
        await projector.rebuild(RebuildRequest())  # both viewers' models exist before the first measured write
        while (await projector.project_pending()).events:
            pass
        timings: dict[str, list[float]] = {"heavy": [], "light": []}
        for step in range(rounds + 20):  # 20 warm-up rounds per viewer
            for name, user in (("heavy", HEAVY), ("light", LIGHT)):
                await handler(RecordProgress(user, "rpc", "ep-1", "title-1", float(step % 1000), 1400.0, "610"))
                started = time.perf_counter()
                result = await projector.project_pending()
                elapsed = time.perf_counter() - started
                assert result.events >= 2, result
                if step >= 20:
                    timings[name].append(elapsed * 1000)
        body = await redis.hget("user:1:title:rpc:title-1", "json")
        assert body is not None
        assert b'"610"' in body
        return timings
    finally:
        await pool.close()
        await redis.flushdb()
        await redis.aclose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300, help="measured writes per viewer (default 300)")
    args = parser.parse_args()
    if not 10 <= args.rounds <= 10_000:
        parser.error("--rounds must be 10..10000")
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
    asyncio.run(admin(f'CREATE DATABASE "{DB_NAME}"'))
    try:
        command.upgrade(alembic_config(ALEMBIC_INI, DB_DSN), "head")
        timings = asyncio.run(run(args.rounds))
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
    print(f"projection of one progress write (one projector pass), {args.rounds} writes per viewer, alternating")
    print(f"{'viewer':<7} {'rows':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}")
    p50: dict[str, float] = {}
    for name, rows in (("heavy", HEAVY_ROWS), ("light", LIGHT_ROWS)):
        values = sorted(timings[name])
        p50[name] = statistics.median(values)
        p90 = values[int(len(values) * 0.9) - 1]
        p99 = values[max(int(len(values) * 0.99) - 1, 0)]
        print(f"{name:<7} {rows:>6} {p50[name]:>8.2f} {p90:>8.2f} {p99:>8.2f}")
    ratio = p50["heavy"] / p50["light"]
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    print(f"heavy/light p50 ratio: {ratio:.2f} (goal <= {GOAL_RATIO}: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
