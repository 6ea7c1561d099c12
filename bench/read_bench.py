"""read-api benchmark, in one run on this machine (method: bench/README.md and docs/performance.md).

1. ``GET /api/read/anime/{slug}`` and the catalog page (48 items) on read-api vs a minimal raw ASGI app returning the
   same bytes from the same Redis (``bench/read_raw_app.py``): ratio goal >= 0.75.
2. ``GET /api/read/me/library`` with a valid EdDSA token vs the anonymous detail read: ratio goal >= 0.90.
3. Catalog page latency (wrk -c1) with 1,000 and with 100,000 titles (two Redis DBs, two read-api processes with
   the in-process page cache off, measured alternately): ratio goal <= 1.2.

One uvicorn worker per server (uvloop + httptools, access log off) on loopback; wrk -t1 -c64 -d<duration>s --latency
after a 3 s warm-up; configurations round-robin over ``--rounds`` rounds and the median is reported. The read models
live in a private ``redis-server`` started on 127.0.0.1:16390 (DBs 15 and 14, no persistence) and stopped at the end;
``BENCH_REDIS_URL`` / ``BENCH_BIG_REDIS_URL`` use other servers instead (the bench re-seeds if its keys vanish, e.g.
flushed by a test suite). Run from the repo root::

    uv run python bench/read_bench.py --rounds 3 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from harness import sample_detail, serve_jwks, wrk_ms
from redis.asyncio import Redis

from ani_common.readmodels.catalog import CatalogQuery
from ani_common.readmodels.reader import ReadModelReader
from ani_common.readmodels.shapes import (
    AnimeSummary,
    CatalogItem,
    LibraryEntry,
)
from ani_common.readmodels.writer import ReadModelWriter
from ani_common.testing.keys import TestSigner

#: By default the bench starts its own redis-server (no persistence) on this port, so that test suites flushing the
#: shared server's DBs cannot stall or empty it mid-run. ``BENCH_REDIS_URL``/``BENCH_BIG_REDIS_URL`` use another.
PRIVATE_REDIS_PORT = 16390
REDIS_URL = os.environ.get("BENCH_REDIS_URL", f"redis://127.0.0.1:{PRIVATE_REDIS_PORT}/15")
BIG_REDIS_URL = os.environ.get("BENCH_BIG_REDIS_URL", f"redis://127.0.0.1:{PRIVATE_REDIS_PORT}/14")
SLUG = "bench-anime"
RAW_PORT, READ_PORT, JWKS_PORT, SMALL_PORT, BIG_PORT = 18901, 18902, 18903, 18904, 18905
CATALOG_PAGE = 48
RAW_CATALOG_KEY = "bench:raw:catalog-page"
WORDS = [
    "sakura",
    "kaze",
    "hoshi",
    "yume",
    "tsuki",
    "sora",
    "umi",
    "hana",
    "kage",
    "hikari",
    "ryu",
    "kami",
    "mori",
    "yama",
    "kawa",
    "tori",
    "neko",
    "inu",
]
GENRES = ["Action", "Comedy", "Drama", "Fantasy", "Romance", "Sci-Fi", "Slice of Life", "Sports", "Mystery", "Horror"]
T0 = datetime(2026, 1, 1, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- data
def catalog_items(count: int, start: int = 0) -> Iterator[CatalogItem]:
    rnd = random.Random(start)
    for i in range(start, start + count):
        words = rnd.sample(WORDS, 3)
        yield CatalogItem(
            id=uuid.UUID(int=i + 1),
            slug=f"title-{i:06d}",
            title=f"{words[0].title()} {words[1]} {i:06d}",
            poster=f"https://img.example/posters/{i}.jpg",
            year=rnd.randint(1990, 2025),
            status=rnd.choice(["ongoing", "completed", "upcoming"]),
            genres=tuple(rnd.sample(GENRES, 2)),
            alternative_titles=(f"{words[2]} {i}",),
            last_updated=T0 + timedelta(seconds=i),
        )


def library() -> list[LibraryEntry]:
    return [
        LibraryEntry(
            title_id=f"title-{i:06d}",
            provider="rpc",
            status="watching",
            is_favorite=i % 2 == 0,
            updated_at=T0 - timedelta(minutes=i),
            score=7,
            episodes_watched=i,
            anime=AnimeSummary(slug=f"title-{i:06d}", title=f"Sakura kaze {i:06d}", poster="https://img.example/p.jpg"),
        )
        for i in range(8)
    ]


# ---------------------------------------------------------------- servers
def start_server(
    target: str, port: int, extra: list[str], env_extra: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "ACCESS_LOG": "false",
        "LOG_LEVEL": "WARNING",
        "ENV": "dev",
        "JWKS_URL": f"http://127.0.0.1:{JWKS_PORT}/.well-known/jwks.json",
        **(env_extra or {}),
    }
    command = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--no-access-log", "--log-level", "warning", "--loop", "uvloop", "--http", "httptools", *extra]
    return subprocess.Popen(command, env=env, cwd=ROOT)


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


# ---------------------------------------------------------------- wrk
@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float


def wrk(url: str, *, seconds: int, connections: int = 64, headers: dict[str, str] | None = None) -> Run:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = wrk_ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = wrk_ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non2xx:
        sample = httpx.get(url, headers=headers)
        raise RuntimeError(f"{url}: {non2xx.group(1)} error responses, e.g. {sample.status_code} {sample.text[:300]}")
    return Run(rps, p50, p99)


def measure(url: str, *, seconds: int, connections: int = 64, headers: dict[str, str] | None = None) -> Run:
    wrk(url, seconds=3, connections=connections, headers=headers)  # warm-up
    return wrk(url, seconds=seconds, connections=connections, headers=headers)


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.rps for r in runs),
        statistics.median(r.p50_ms for r in runs),
        statistics.median(r.p99_ms for r in runs),
    )


# ---------------------------------------------------------------- main
async def seed(redis: Redis, signer: TestSigner) -> None:
    await redis.flushdb()
    writer = ReadModelWriter(redis)
    await writer.put_anime_detail(sample_detail(SLUG, "Bench Anime", T0))
    await writer.put_library(1, "rpc", library())
    await writer.put_catalog(catalog_items(1_000))
    page = await ReadModelReader(redis).catalog_page(CatalogQuery(limit=CATALOG_PAGE))
    assert page is not None
    await redis.set(RAW_CATALOG_KEY, page.body)


async def seeded_still(redis: Redis) -> bool:
    present = await redis.exists(f"anime:detail:{SLUG}", "user:1:library:rpc", RAW_CATALOG_KEY)
    return int(present) == 3


async def seed_big(redis: Redis, total: int) -> float:
    """A second catalog of ``total`` titles (its first 1,000 are the small catalog's) in its own Redis DB."""
    started = time.perf_counter()
    await redis.flushdb()
    await ReadModelWriter(redis, batch_size=1000).put_catalog(catalog_items(total))
    return time.perf_counter() - started


def start_private_redis() -> subprocess.Popen[bytes] | None:
    if "BENCH_REDIS_URL" in os.environ:
        return None
    command = ["redis-server", "--port", str(PRIVATE_REDIS_PORT), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        probe = subprocess.run(["redis-cli", "-p", str(PRIVATE_REDIS_PORT), "ping"], capture_output=True, text=True)
        if probe.stdout.strip() == "PONG":
            return process
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError("private redis-server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--big", type=int, default=100_000, help="catalog size of the scale test")
    args = parser.parse_args()

    private_redis = start_private_redis()
    try:
        return run_bench(args)
    finally:
        if private_redis is not None:
            private_redis.terminate()
            private_redis.wait(timeout=10)


def run_bench(args: argparse.Namespace) -> int:
    signer = TestSigner()
    token = signer.token(1, ttl_seconds=3600)
    redis = Redis.from_url(REDIS_URL)
    big_redis = Redis.from_url(BIG_REDIS_URL)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(seed(redis, signer))
    seconds = loop.run_until_complete(seed_big(big_redis, args.big))
    print(f"seeded a {args.big:,}-title catalog in {seconds:.1f} s", flush=True)
    jwks = serve_jwks(signer, JWKS_PORT)
    raw = start_server("read_raw_app:app", RAW_PORT, ["--app-dir", "bench"])
    read = start_server("ani_read.main:app", READ_PORT, [])
    # The scale test: the same service with its in-process page cache off (every page goes through the Redis
    # indexes) on the 1,000-title and on the big catalog, measured alternately so that both see the same noise.
    no_cache = {"CATALOG_PAGE_CACHE_SIZE": "0"}
    small_server = start_server("ani_read.main:app", SMALL_PORT, [], no_cache)
    big_server = start_server("ani_read.main:app", BIG_PORT, [], {**no_cache, "REDIS_URL": BIG_REDIS_URL})
    try:
        wait_until_up(f"http://127.0.0.1:{RAW_PORT}/detail")
        wait_until_up(f"http://127.0.0.1:{READ_PORT}/health")
        wait_until_up(f"http://127.0.0.1:{SMALL_PORT}/health")
        wait_until_up(f"http://127.0.0.1:{BIG_PORT}/health")
        raw_base, read_base = f"http://127.0.0.1:{RAW_PORT}", f"http://127.0.0.1:{READ_PORT}"
        check = httpx.get(f"{read_base}/api/read/anime/{SLUG}")
        assert check.status_code == 200
        assert check.content == httpx.get(f"{raw_base}/detail").content, "raw and read-api must serve the same bytes"
        catalog_url = f"{read_base}/api/read/anime?limit={CATALOG_PAGE}"
        assert httpx.get(catalog_url).content == httpx.get(f"{raw_base}/catalog").content
        auth = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{read_base}/api/read/me/library", headers=auth).status_code == 200

        configs: dict[str, tuple[str, dict[str, str] | None]] = {
            "raw detail": (f"{raw_base}/detail", None),
            "read-api detail": (f"{read_base}/api/read/anime/{SLUG}", None),
            "raw catalog page": (f"{raw_base}/catalog", None),
            "read-api catalog page": (catalog_url, None),
            "read-api library (token)": (f"{read_base}/api/read/me/library", auth),
        }
        results: dict[str, list[Run]] = {name: [] for name in configs}
        for round_number in range(args.rounds):
            for name, (url, headers) in configs.items():
                if not loop.run_until_complete(seeded_still(redis)):
                    print("bench keys vanished (another process flushed the DB?): seeding again", flush=True)
                    loop.run_until_complete(seed(redis, signer))
                run = measure(url, seconds=args.duration, headers=headers)
                results[name].append(run)
                print(f"round {round_number + 1} {name:28s} {run.rps:9.0f} rps  p99 {run.p99_ms:7.2f} ms", flush=True)
        med = {name: median_run(runs) for name, runs in results.items()}

        pages = {
            "page 1 (title)": f"/api/read/anime?limit={CATALOG_PAGE}",
            "page 10 (-year)": f"/api/read/anime?limit={CATALOG_PAGE}&skip={9 * CATALOG_PAGE}&sort=-year",
            "genre filter": f"/api/read/anime?limit={CATALOG_PAGE}&genre=drama",
        }
        small_base, big_base = f"http://127.0.0.1:{SMALL_PORT}", f"http://127.0.0.1:{BIG_PORT}"
        total = httpx.get(f"{big_base}{pages['page 1 (title)']}").headers["x-total-count"]
        assert int(total) == args.big, total
        small_runs: dict[str, list[Run]] = {name: [] for name in pages}
        big_runs: dict[str, list[Run]] = {name: [] for name in pages}
        scale_seconds = max(3, args.duration // 2)
        for round_number in range(args.rounds):
            for name, path in pages.items():
                small_runs[name].append(measure(f"{small_base}{path}", seconds=scale_seconds, connections=1))
                big_runs[name].append(measure(f"{big_base}{path}", seconds=scale_seconds, connections=1))
                print(
                    f"round {round_number + 1} {name:18s} p50 {small_runs[name][-1].p50_ms:.3f} ms (1,000) "
                    f"vs {big_runs[name][-1].p50_ms:.3f} ms ({args.big:,})",
                    flush=True,
                )
        small = {name: median_run(runs) for name, runs in small_runs.items()}
        big = {name: median_run(runs) for name, runs in big_runs.items()}
    finally:
        for process in (raw, read, small_server, big_server):
            process.terminate()
            process.wait(timeout=10)
        jwks.shutdown()
        for client in (redis, big_redis):
            loop.run_until_complete(client.flushdb())
            loop.run_until_complete(client.aclose())
        loop.close()

    print()
    print(f"## read-api benchmark (medians of {args.rounds} rounds, wrk -t1 -c64 -d{args.duration}s, 1 uvicorn worker)")
    print()
    print("| config | rps | p99 ms |")
    print("|---|---|---|")
    for name, run in med.items():
        print(f"| {name} | {run.rps:,.0f} | {run.p99_ms:.1f} |")
    print()
    ratios = [
        ("read-api detail / raw detail", med["read-api detail"].rps / med["raw detail"].rps, ">= 0.75"),
        ("read-api catalog / raw catalog", med["read-api catalog page"].rps / med["raw catalog page"].rps, ">= 0.75"),
        (
            "library with token / anonymous detail",
            med["read-api library (token)"].rps / med["read-api detail"].rps,
            ">= 0.90",
        ),
    ]
    print("| ratio | value | goal |")
    print("|---|---|---|")
    for name, value, goal in ratios:
        print(f"| {name} | {value:.2f} | {goal} |")
    print()
    print()
    print(f"Scale test: page cache off, wrk -t1 -c1, medians of {args.rounds} alternating rounds.")
    print()
    print(
        f"| catalog query | p50 ms at 1,000 | p50 ms at {args.big:,} | ratio (goal <= 1.2) "
        f"| p99 ms at 1,000 / {args.big:,} |"
    )
    print("|---|---|---|---|---|")
    for name in pages:
        ratio = big[name].p50_ms / small[name].p50_ms
        print(
            f"| {name} | {small[name].p50_ms:.3f} | {big[name].p50_ms:.3f} | {ratio:.2f} | "
            f"{small[name].p99_ms:.2f} / {big[name].p99_ms:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
