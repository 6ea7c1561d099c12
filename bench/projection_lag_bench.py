"""Projection lag benchmark: how long after a write's commit its read model is visible in Redis.

A steady load of ``PUT /api/v1/me/progress/{episode_id}`` (a fixed rate, one user per in-flight write) goes through the
write-api app (in process, httpx ASGI transport, real EdDSA tokens, real commits) while the projector runs as its
own process (``python -m ani_write.projector``). For every write, the lag is the time from the response (the commit
is done) to the moment the new position is readable in ``user:<id>:title:rpc:bench-title`` (the title's read model;
a watcher polls the in-flight keys
every millisecond with one pipelined round trip).

Two projector configurations are measured in the same run, one after the other on the same data:

* ``notify``: LISTEN ``ani_outbox`` (the trigger's NOTIFY wakes the projector at commit) + a 1 s fallback poll;
* ``poll``: LISTEN off, a 100 ms poll (the "short poll" alternative) — the baseline.

The projector's own histogram (``ani_projector_lag_seconds``, measured in PostgreSQL: outbox ``created_at`` → the
processed mark written after Redis) is scraped and its mean printed too. Goal: ``notify`` p99 <= 200 ms.

A dedicated database ``ani_projection_bench`` is created, migrated and dropped; Redis DB 13 is flushed before and
after. Loopback only; bounded by ``--rate`` x ``--duration`` per configuration. From the repo root:

    uv run --package ani-write-api python bench/projection_lag_bench.py [--rate 200] [--duration 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
from alembic import command
from asgi_lifespan import LifespanManager
from redis.asyncio import Redis

from ani_common.db import alembic_config
from ani_common.testing.keys import TestSigner
from ani_write.bootstrap import Overrides
from ani_write.config import Settings
from ani_write.infrastructure.db.connections import PoolConnectionSource
from ani_write.main import create_app

ROOT = Path(__file__).resolve().parents[1]
ALEMBIC_INI = ROOT / "services" / "write-api" / "alembic.ini"
ADMIN_DSN = os.environ.get("BENCH_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "ani_projection_bench"
DB_DSN = ADMIN_DSN.rsplit("/", 1)[0] + f"/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/13"
METRICS_PORT = 18231
USERS = 5000
GOAL_P99_MS = 200.0


@dataclass(frozen=True, slots=True)
class Figures:
    name: str
    writes: int
    p50: float
    p90: float
    p99: float
    maximum: float
    server_mean: float | None


async def recreate_database() -> None:
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{DB_NAME}"')
    finally:
        await connection.close()


async def drop_database() -> None:
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    finally:
        await connection.close()


async def start_projector(*, listen: bool, poll: float) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "ENV": "dev",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": DB_DSN,
        "REDIS_URL": REDIS_URL,
        "PROJECTOR_LISTEN": "true" if listen else "false",
        "PROJECTOR_POLL_INTERVAL": str(poll),
        "PROJECTOR_METRICS_PORT": str(METRICS_PORT),
        "PROJECTOR_METRICS_ADDRESS": "127.0.0.1",
    }
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "ani_write.projector", env=env)
    async with httpx.AsyncClient() as http:
        for _ in range(200):
            try:
                if (await http.get(f"http://127.0.0.1:{METRICS_PORT}/metrics")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
        else:
            raise RuntimeError("the projector did not start")
    await asyncio.sleep(0.5)  # LISTEN connection up
    return process


async def stop_projector(process: asyncio.subprocess.Process) -> None:
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), timeout=15)
    except TimeoutError:
        process.kill()
        await process.wait()


async def server_mean_lag() -> float | None:
    async with httpx.AsyncClient() as http:
        text = (await http.get(f"http://127.0.0.1:{METRICS_PORT}/metrics")).text
    total = re.search(r"^ani_projector_lag_seconds_sum ([0-9.e+-]+)$", text, re.MULTILINE)
    count = re.search(r"^ani_projector_lag_seconds_count ([0-9.e+-]+)$", text, re.MULTILINE)
    if total is None or count is None or float(count.group(1)) == 0:
        return None
    return float(total.group(1)) / float(count.group(1))


class Load:
    """Progress PUTs at a fixed rate; a watcher records when each one is visible in Redis."""

    def __init__(self, client: httpx.AsyncClient, redis: Redis, tokens: dict[int, str], first: int) -> None:
        self.client = client
        self.redis = redis
        self.tokens = tokens
        self.sequence = first
        self.in_flight: dict[int, tuple[int, float]] = {}  # user -> (position written, commit time)
        self.lags: list[float] = []
        self.errors = 0

    async def put(self, sequence: int) -> None:
        user = 1 + sequence % USERS
        body = {"title_id": "bench-title", "position_seconds": float(sequence), "duration_seconds": 1e9}
        response = await self.client.put(
            "/api/v1/me/progress/ep-1", json=body, headers={"Authorization": f"Bearer {self.tokens[user]}"}
        )
        if response.status_code != 200:
            self.errors += 1
            return
        self.in_flight[user] = (sequence, time.perf_counter())

    async def watch(self, stop: asyncio.Event) -> None:
        while not stop.is_set() or self.in_flight:
            if self.in_flight:
                users = list(self.in_flight)
                async with self.redis.pipeline(transaction=False) as pipe:
                    for user in users:
                        pipe.hget(f"user:{user}:title:rpc:bench-title", "json")
                    bodies = await pipe.execute()
                now = time.perf_counter()
                for user, body in zip(users, bodies, strict=True):
                    if body is None:
                        continue
                    entries: list[dict[str, Any]] = orjson.loads(body)["progress"]
                    expected, committed = self.in_flight[user]
                    if entries and entries[0]["position_seconds"] >= expected:
                        self.lags.append(now - committed)
                        del self.in_flight[user]
            await asyncio.sleep(0.001)

    async def run(self, rate: float, seconds: float) -> None:
        stop = asyncio.Event()
        watcher = asyncio.create_task(self.watch(stop))
        writes: list[asyncio.Task[None]] = []
        start = time.perf_counter()
        count = int(rate * seconds)
        for index in range(count):
            delay = start + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            writes.append(asyncio.create_task(self.put(self.sequence)))
            self.sequence += 1
        await asyncio.gather(*writes)
        stop.set()
        await asyncio.wait_for(watcher, timeout=30)


async def measure(
    name: str,
    client: httpx.AsyncClient,
    redis: Redis,
    tokens: dict[int, str],
    *,
    listen: bool,
    poll: float,
    rate: float,
    seconds: float,
    first: int,
) -> tuple[Figures, int]:
    projector = await start_projector(listen=listen, poll=poll)
    try:
        warm = Load(client, redis, tokens, first)
        await warm.run(rate, 1.0)
        load = Load(client, redis, tokens, warm.sequence)
        await load.run(rate, seconds)
        server = await server_mean_lag()
    finally:
        await stop_projector(projector)
    if load.errors:
        raise RuntimeError(f"{load.errors} writes failed")
    lags = sorted(load.lags)
    cuts = statistics.quantiles(lags, n=100, method="inclusive")
    figures = Figures(
        name,
        len(lags),
        cuts[49] * 1e3,
        cuts[89] * 1e3,
        cuts[98] * 1e3,
        lags[-1] * 1e3,
        None if server is None else server * 1e3,
    )
    return figures, load.sequence


async def run(rate: float, seconds: float) -> list[Figures]:
    signer = TestSigner()
    tokens = {user: signer.token(user) for user in range(1, USERS + 1)}
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    pool = await asyncpg.create_pool(DB_DSN, min_size=4, max_size=10)
    settings = Settings(
        env="dev",
        database_url=DB_DSN,
        redis_url=REDIS_URL,
        internal_token="bench-internal-token-0123456789abcdef",
        access_log=False,
        metrics_enabled=False,
        log_level="WARNING",
        _env_file=None,
    )
    app = create_app(settings, Overrides(connections=PoolConnectionSource(pool), redis=redis, keys=signer.key_source()))
    results: list[Figures] = []
    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                sequence = 1
                for name, listen, poll in (("notify", True, 1.0), ("poll", False, 0.1)):
                    figures, sequence = await measure(
                        name,
                        client,
                        redis,
                        tokens,
                        listen=listen,
                        poll=poll,
                        rate=rate,
                        seconds=seconds,
                        first=sequence,
                    )
                    results.append(figures)
    finally:
        await pool.close()
        await redis.flushdb()
        await redis.aclose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="writes per second (default 200)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per configuration (default 10)")
    args = parser.parse_args()
    if not 1 <= args.rate <= 2000 or not 1 <= args.duration <= 120:
        parser.error("--rate must be 1..2000 and --duration 1..120")
    asyncio.run(recreate_database())
    try:
        command.upgrade(alembic_config(ALEMBIC_INI, DB_DSN), "head")
        results = asyncio.run(run(args.rate, args.duration))
    finally:
        asyncio.run(drop_database())
    print(f"projection lag, {args.rate:g} progress PUTs/s for {args.duration:g} s per configuration (commit -> Redis)")
    print(f"{'config':<8} {'writes':>7} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'server mean ms':>15}")
    for figures in results:
        server = "-" if figures.server_mean is None else f"{figures.server_mean:.1f}"
        print(
            f"{figures.name:<8} {figures.writes:>7} {figures.p50:>8.1f} {figures.p90:>8.1f} {figures.p99:>8.1f} "
            f"{figures.maximum:>8.1f} {server:>15}"
        )
    notify, poll = results
    print(f"notify/poll p50 ratio: {notify.p50 / poll.p50:.2f}")
    verdict = "met" if notify.p99 <= GOAL_P99_MS else "NOT met"
    print(f"goal notify p99 <= {GOAL_P99_MS:.0f} ms: {verdict} ({notify.p99:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
