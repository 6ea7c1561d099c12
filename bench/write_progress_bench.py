"""write-api benchmark: progress-write throughput against a raw asyncpg upsert app, and catalog search latency.

1. ``PUT /api/v1/me/progress/{episode_id}`` on the write-api (EdDSA token, upsert + history + outbox, one
   transaction) versus ``bench/write_raw_upsert_app.py`` (FastAPI + asyncpg, the single upsert, no auth), each with one
   uvicorn worker on loopback, pool 10, ``wrk -t1 -c64 -d<duration>s --latency`` after a 3 s warm-up, alternating
   rounds; the goal is a ratio >= 0.50 (a plain SQLAlchemy endpoint reaches 0.33, ``docs/performance.md``).
2. ``GET /api/v1/anime?q=…`` latency (``wrk -c1``) with 10,000 and with 100,000 titles, plus the unfiltered first
   page and a genre filter, for comparison.

A dedicated database ``ani_write_bench`` is created, migrated and dropped; Redis DB 15 is used (revocation list
poller). 200,000 progress rows with their history entries are seeded, and ``user_progress``/``user_history`` are
vacuumed before every measured run of either server, as autovacuum would do on a production server. Everything
binds to 127.0.0.1. Run from the repo root:

    uv run --package ani-write-api python bench/write_progress_bench.py [--rounds 2] [--duration 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
from alembic import command
from harness import serve_jwks, wrk_ms

from ani_common.db import alembic_config
from ani_common.testing.keys import TestSigner

ROOT = Path(__file__).resolve().parents[1]
ALEMBIC_INI = ROOT / "services" / "write-api" / "alembic.ini"
ADMIN_DSN = os.environ.get("BENCH_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "ani_write_bench"
DB_DSN = ADMIN_DSN.rsplit("/", 1)[0] + f"/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/15"
WRITE_PORT, RAW_PORT, JWKS_PORT = 18211, 18212, 18213
USER_ID = 42
EPISODES = 200

PUT_LUA = """
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
%(auth)s
request = function()
  local episode = math.random(1, %(episodes)d)
  local body = '{"user_id": %(user)d, "title_id": "bench-title", "position_seconds": ' .. math.random(1, 1000)
    .. ', "duration_seconds": 1400}'
  return wrk.format(nil, "/api/v1/me/progress/ep-" .. episode, nil, body)
end
"""


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float


def wrk(url: str, *, seconds: int, connections: int, script: str | None = None) -> Run:
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        args += ["-s", script]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} error responses\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = wrk_ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = wrk_ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    return Run(rps, p50, p99)


def measure(url: str, *, seconds: int, connections: int, script: str | None = None, vacuum: bool = False) -> Run:
    if vacuum:
        asyncio.run(vacuum_hot_tables())
    wrk(url, seconds=3, connections=connections, script=script)  # warm-up
    return wrk(url, seconds=seconds, connections=connections, script=script)


def median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(run, name) for run in runs) for name in ("rps", "p50_ms", "p99_ms")))


def start_server(target: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": DB_DSN,
        "REDIS_URL": REDIS_URL,
        "INTERNAL_TOKEN": "bench-internal-token-0123456789abcdef",
        "ACCESS_LOG": "false",
        "LOG_LEVEL": "WARNING",
        "ENV": "dev",
        "DB_POOL_SIZE": "10",
        "DB_MAX_OVERFLOW": "0",
        "JWKS_URL": f"http://127.0.0.1:{JWKS_PORT}/.well-known/jwks.json",
        # One user writes as fast as wrk can: the per-user progress limit stays on (its Redis round trip is part of
        # what is measured) but far above what the run sends.
        "RATE_LIMIT_PROGRESS": "1000000000",
    }
    args = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port)]
    args += ["--no-access-log", "--log-level", "warning", "--loop", "uvloop", "--http", "httptools"]
    return subprocess.Popen(args, env=env, cwd=ROOT)


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not come up: {url}")


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


async def seed_progress() -> None:
    """10,000 users x 20 episodes of existing progress, each with its history entry as the app writes them, so the
    tables, their indexes and the planner's statistics look like a running system's."""
    connection = await asyncpg.connect(DB_DSN)
    try:
        await connection.execute(
            "INSERT INTO user_progress (user_id, provider, episode_id, title_id, position_seconds, duration_seconds) "
            "SELECT u, 'rpc', 'ep-' || e, 'bench-title', 1, 1400 "
            "FROM generate_series(1000, 10999) u, generate_series(1, 20) e"
        )
        await connection.execute(
            "INSERT INTO user_history (user_id, provider, episode_id, title_id, position_seconds) "
            "SELECT user_id, provider, episode_id, title_id, position_seconds FROM user_progress"
        )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def vacuum_hot_tables() -> None:
    """What autovacuum does on a production server between two bursts (it is off on some test machines: without it
    the 200 rows this benchmark rewrites thousands of times a second pile up dead versions, and every later round
    measures the bloat, not the code). Run before every measured run, of both servers."""
    connection = await asyncpg.connect(DB_DSN)
    try:
        await connection.execute("VACUUM ANALYZE user_progress, user_history")
    finally:
        await connection.close()


async def grow_catalog(total: int) -> float:
    connection = await asyncpg.connect(DB_DSN)
    try:
        start = int(await connection.fetchval("SELECT count(*) FROM anime"))
        began = time.perf_counter()
        await connection.execute(
            """
            INSERT INTO anime (source_name, source_id, slug, title, alternative_titles, year, status, genres)
            SELECT 'bench', i::text, 'title-' || i, 'Title ' || substr(md5(i::text), 1, 10),
                   ARRAY['Альтернатива ' || substr(md5((i * 7)::text), 1, 8)], 1980 + i % 45,
                   (ARRAY['ongoing', 'completed', 'upcoming'])[1 + i % 3],
                   ARRAY[(ARRAY['Action', 'Drama', 'Comedy', 'Романтика'])[1 + i % 4]]
            FROM generate_series($1::int + 1, $2::int) AS i
            """,
            start,
            total,
        )
        # Steady state as autovacuum leaves it: statistics and the visibility map (index-only counts).
        await connection.execute("VACUUM ANALYZE anime")
        return time.perf_counter() - began
    finally:
        await connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--skip-catalog", action="store_true", help="only the progress-write comparison")
    args = parser.parse_args()

    asyncio.run(recreate_database())
    command.upgrade(alembic_config(ALEMBIC_INI, DB_DSN), "head")
    asyncio.run(seed_progress())
    signer = TestSigner()
    jwks = serve_jwks(signer, JWKS_PORT)
    token = signer.token(USER_ID, ttl_seconds=3600)
    servers: list[subprocess.Popen[bytes]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            write_lua = Path(tmp) / "write.lua"
            write_lua.write_text(
                PUT_LUA % {"auth": f'wrk.headers["Authorization"] = "Bearer {token}"', "episodes": EPISODES, "user": 0}
            )
            raw_lua = Path(tmp) / "raw.lua"
            raw_lua.write_text(PUT_LUA % {"auth": "", "episodes": EPISODES, "user": USER_ID})
            servers.append(start_server("ani_write.main:app", WRITE_PORT))
            servers.append(start_server("bench.write_raw_upsert_app:app", RAW_PORT))
            write_url, raw_url = f"http://127.0.0.1:{WRITE_PORT}", f"http://127.0.0.1:{RAW_PORT}"
            wait_until_up(f"{write_url}/health")
            wait_until_up(f"{raw_url}/docs")
            # Correctness before speed: the PUT answers 200 and writes progress, history and outbox.
            check = httpx.put(
                f"{write_url}/api/v1/me/progress/ep-1",
                json={"title_id": "bench-title", "position_seconds": 1, "duration_seconds": 1400},
                headers={"Authorization": f"Bearer {token}"},
            )
            check.raise_for_status()

            writes: list[Run] = []
            raws: list[Run] = []
            for index in range(args.rounds):
                writes.append(
                    measure(write_url, seconds=args.duration, connections=64, script=str(write_lua), vacuum=True)
                )
                raws.append(measure(raw_url, seconds=args.duration, connections=64, script=str(raw_lua), vacuum=True))
                print(
                    f"round {index + 1}: write-api {writes[-1].rps:,.0f} rps, raw {raws[-1].rps:,.0f} rps, "
                    f"ratio {writes[-1].rps / raws[-1].rps:.2f}",
                    file=sys.stderr,
                )
            write, raw = median(writes), median(raws)
            outbox_rows = asyncio.run(_count("SELECT count(*) FROM outbox"))

            catalog: dict[int, dict[str, Run]] = {}
            for size in () if args.skip_catalog else (10_000, 100_000):
                seconds = asyncio.run(grow_catalog(size))
                print(f"seeded {size:,} titles ({seconds:.1f} s)", file=sys.stderr)
                catalog[size] = {
                    name: measure(f"{write_url}/api/v1/anime{query}", seconds=5, connections=1)
                    for name, query in (
                        ("q=Альтернатива 1a2 (trigram)", "?q=%D0%B0%D1%82%D0%B8%D0%B2%D0%B0%201a2"),
                        ("q=title abc (trigram)", "?q=title%20abc"),
                        ("first page, sort=title", "?limit=50"),
                        ("genre=романтика", "?genre=%D1%80%D0%BE%D0%BC%D0%B0%D0%BD%D1%82%D0%B8%D0%BA%D0%B0&limit=50"),
                    )
                }
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        jwks.shutdown()
        asyncio.run(drop_database())

    ratio = write.rps / raw.rps
    paired = statistics.median(w.rps / r.rps for w, r in zip(writes, raws, strict=True))
    print(
        f"## write-api benchmark (medians of {args.rounds} rounds, wrk -t1 -c64 -d{args.duration}s, 1 uvicorn worker)"
    )
    print()
    print("| server | rps | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    print(
        f"| write-api PUT progress (token + upsert + history + outbox, 1 tx) | {write.rps:,.0f} "
        f"| {write.p50_ms:.1f} | {write.p99_ms:.1f} |"
    )
    print(f"| raw asyncpg single upsert (FastAPI, no auth) | {raw.rps:,.0f} | {raw.p50_ms:.1f} | {raw.p99_ms:.1f} |")
    print(f"| **ratio write-api / raw (goal >= 0.50)**, of the median rps | **{ratio:.2f}** | | |")
    print(f"| ratio, median of the per-round (adjacent runs) ratios | {paired:.2f} | | |")
    print()
    print(f"outbox rows written during the run: {outbox_rows:,}")
    print()
    print(
        "| catalog query (wrk -t1 -c1 -d5s) | p50 ms at 10,000 | p99 ms at 10,000 "
        "| p50 ms at 100,000 | p99 ms at 100,000 |"
    )
    print("|---|---|---|---|---|")
    for name in catalog.get(10_000, {}):
        small, big = catalog[10_000][name], catalog[100_000][name]
        print(f"| {name} | {small.p50_ms:.2f} | {small.p99_ms:.2f} | {big.p50_ms:.2f} | {big.p99_ms:.2f} |")
    return 0


async def _count(sql: str) -> int:
    connection = await asyncpg.connect(DB_DSN)
    try:
        return int(await connection.fetchval(sql))
    finally:
        await connection.close()


if __name__ == "__main__":
    sys.exit(main())
