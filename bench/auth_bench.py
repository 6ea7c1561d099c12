"""auth benchmark: login and refresh throughput/p99, and refresh latency with 1 vs 100,000 live sessions.

1. **Refresh latency, 1 vs 100,000 live sessions** (goal: ratio <= 1.2; the replaced system: 5.3 s with 15 sessions).
   Two identical auth servers (uvicorn, 1 worker each) run against two databases: ``ani_auth_bench_small`` holds one
   live session, ``ani_auth_bench_large`` the same plus 100,000 live sessions of 1,000 other users (bulk-inserted with
   COPY, then ANALYZE). One client refreshes one session chain on each server (each response's cookie is the next
   request's), strictly alternating small/large request by request over keep-alive connections, so CPU steal and
   background load hit both sides alike. The ratio is large ÷ small of the median (and mean, p99) latency.
2. **Refresh throughput** on the large server: ``wrk -t1 -c<connections> -d<duration>s --latency``; each request
   presents a fresh token from a pre-inserted list (every token used once: every request is a real rotation).
3. **Login throughput** at the production bcrypt cost (12), ``wrk -c8``; its ceiling, measured in the same run, is the
   raw bcrypt-12 verification rate of this machine with two threads (the app runs bcrypt in worker threads).

Databases are created, migrated and dropped; Redis DB 14 is used (rate limits are off for the run,
``RATE_LIMIT_ENABLED=false``). Everything binds to 127.0.0.1. Run from the repo root:

    uv run --package ani-auth python bench/auth_bench.py [--chain 1500] [--duration 10] [--connections 32]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import bcrypt
import httpx
from alembic import command
from harness import wrk_ms

from ani_common.db import alembic_config

ROOT = Path(__file__).resolve().parents[1]
ALEMBIC_INI = ROOT / "services" / "auth" / "alembic.ini"
ADMIN_DSN = os.environ.get("BENCH_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
SMALL_DB, LARGE_DB = "ani_auth_bench_small", "ani_auth_bench_large"
REDIS_URL = "redis://127.0.0.1:6379/14"
SMALL_PORT, LARGE_PORT = 18221, 18222
EMAIL = "bench@example.com"
PASSWORD = "bench password 123"
LIVE_SESSIONS = 100_000
OTHER_USERS = 1_000

REFRESH_LUA = """
local tokens = {}
local index = 0
init = function(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
end
request = function()
  index = index + 1
  return wrk.format("POST", "/api/v1/auth/refresh", {["Cookie"] = "refresh_token=" .. tokens[index]}, "")
end
"""

LOGIN_LUA = f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{{"email": "{EMAIL}", "password": "{PASSWORD}"}}'
"""


def dsn(database: str) -> str:
    return ADMIN_DSN.rsplit("/", 1)[0] + f"/{database}"


def base(port: int) -> str:
    return f"http://127.0.0.1:{port}"


@dataclass
class WrkRun:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def _find(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f"unexpected wrk output:\n{text}")
    return match.group(1)


def run_wrk(url: str, script: str, *, seconds: int, connections: int, args: list[str] | None = None) -> WrkRun:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        script_path = handle.name
    try:
        command_line = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "20s"]
        command_line += ["-s", script_path, url]
        if args:
            command_line += ["--", *args]
        output = subprocess.run(command_line, check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(script_path)
    requests = int(_find(r"(\d+) requests in", output))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(value) for value in socket_errors.groups())
    if requests == 0:
        return WrkRun(0.0, float("nan"), float("nan"), 0, errors)
    return WrkRun(
        rps=float(_find(r"Requests/sec:\s+([\d.]+)", output)),
        p50_ms=wrk_ms(_find(r"(?m)^\s+50%\s+(\S+)", output)),
        p99_ms=wrk_ms(_find(r"(?m)^\s+99%\s+(\S+)", output)),
        requests=requests,
        errors=errors,
    )


# ---------------------------------------------------------------------------------------------------- databases


async def recreate_database(name: str) -> None:
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def drop_database(name: str) -> None:
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def seed_users(database: str, hashed: str) -> tuple[int, list[int]]:
    connection = await asyncpg.connect(dsn(database))
    try:
        user_id: int = await connection.fetchval(
            "INSERT INTO users (email, hashed_password) VALUES ($1, $2) RETURNING id", EMAIL, hashed
        )
        others = [(f"other{index}@example.com", hashed) for index in range(OTHER_USERS)]
        await connection.copy_records_to_table("users", records=others, columns=["email", "hashed_password"])
        rows = await connection.fetch("SELECT id FROM users WHERE id <> $1 ORDER BY id", user_id)
        return user_id, [row["id"] for row in rows]
    finally:
        await connection.close()


_TOKEN_COLUMNS = [
    "token_hash",
    "user_id",
    "family_id",
    "family_created_at",
    "created_at",
    "expires_at",
    "user_agent",
    "ip",
]


async def insert_sessions(database: str, owner_ids: list[int], count: int) -> list[str]:
    now = datetime.now(UTC)
    expires = now + timedelta(days=30)
    tokens: list[str] = []
    rows: list[tuple[object, ...]] = []
    for index in range(count):
        token = secrets.token_urlsafe(32)
        tokens.append(token)
        digest = hashlib.sha256(token.encode()).digest()
        rows.append((digest, owner_ids[index % len(owner_ids)], uuid.uuid4(), now, now, expires, "bench", "127.0.0.1"))
    connection = await asyncpg.connect(dsn(database))
    try:
        await connection.copy_records_to_table("user_refresh_tokens", records=rows, columns=_TOKEN_COLUMNS)
        await connection.execute("VACUUM ANALYZE user_refresh_tokens")
    finally:
        await connection.close()
    return tokens


async def live_sessions(database: str) -> int:
    connection = await asyncpg.connect(dsn(database))
    try:
        count: int = await connection.fetchval(
            "SELECT count(*) FROM user_refresh_tokens WHERE rotated_at IS NULL AND revoked_at IS NULL "
            "AND expires_at > now()"
        )
        return count
    finally:
        await connection.close()


# ---------------------------------------------------------------------------------------------------- servers


def start_server(database: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ENV": "test",
        "DATABASE_URL": dsn(database),
        "REDIS_URL": REDIS_URL,
        "RATE_LIMIT_ENABLED": "false",
        "BCRYPT_ROUNDS": "12",
        "ACCESS_LOG": "false",
        "LOG_LEVEL": "WARNING",
        "DB_POOL_SIZE": "10",
    }
    command_line = [sys.executable, "-m", "uvicorn", "ani_auth.main:app", "--host", "127.0.0.1"]
    command_line += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
    return subprocess.Popen(command_line, env=env, cwd=tempfile.gettempdir())


def wait_ready(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base(port) + "/ready", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"auth on port {port} did not become ready")


# ---------------------------------------------------------------------------------------------------- measurements


class Chain:
    """One session refreshed over and over on one server: exactly one live session of the bench user."""

    def __init__(self, port: int) -> None:
        self.client = httpx.Client(base_url=base(port), timeout=30)
        response = self.client.post("/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD})
        response.raise_for_status()
        self.token = response.cookies["refresh_token"]
        self.client.cookies.clear()

    def refresh(self) -> float:
        started = time.perf_counter()
        response = self.client.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={self.token}"})
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"refresh failed: {response.status_code} {response.text}")
        self.token = response.cookies["refresh_token"]
        self.client.cookies.clear()
        return elapsed

    def close(self) -> None:
        self.client.post("/api/v1/auth/logout", headers={"Cookie": f"refresh_token={self.token}"})
        self.client.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def bcrypt_ceiling(seconds: float) -> float:
    """Raw bcrypt-12 verifications per second with two threads (bcrypt releases the GIL)."""
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(12))
    counts = [0, 0]
    stop = time.monotonic() + seconds

    def work(slot: int) -> None:
        while time.monotonic() < stop:
            bcrypt.checkpw(PASSWORD.encode(), hashed)
            counts[slot] += 1

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chain", type=int, default=1500, help="refreshes per side for the latency ratio")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk throughput run")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections for the refresh throughput")
    args = parser.parse_args()

    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(12)).decode()
    owners: dict[str, tuple[int, list[int]]] = {}
    for database in (SMALL_DB, LARGE_DB):
        asyncio.run(recreate_database(database))
        command.upgrade(alembic_config(ALEMBIC_INI, dsn(database)), "head")
        owners[database] = asyncio.run(seed_users(database, hashed))
    bench_user, others = owners[LARGE_DB]
    asyncio.run(insert_sessions(LARGE_DB, others, LIVE_SESSIONS))

    servers = [start_server(SMALL_DB, SMALL_PORT), start_server(LARGE_DB, LARGE_PORT)]
    try:
        wait_ready(SMALL_PORT)
        wait_ready(LARGE_PORT)
        load_before = os.getloadavg()[0]
        print(f"auth benchmark: {os.cpu_count()} CPUs, uvicorn 1 worker per server, pool 10, bcrypt 12", flush=True)

        # 1. Refresh latency, 1 live session vs 100,000, strictly alternating.
        small_chain, large_chain = Chain(SMALL_PORT), Chain(LARGE_PORT)
        live_small, live_large = asyncio.run(live_sessions(SMALL_DB)), asyncio.run(live_sessions(LARGE_DB))
        for _ in range(100):  # warm-up
            small_chain.refresh()
            large_chain.refresh()
        small: list[float] = []
        large: list[float] = []
        for index in range(args.chain):
            if index % 2 == 0:
                small.append(small_chain.refresh())
                large.append(large_chain.refresh())
            else:
                large.append(large_chain.refresh())
                small.append(small_chain.refresh())
        small_chain.close()
        large_chain.close()

        # 2. Refresh throughput on the large database.
        warm_tokens = asyncio.run(insert_sessions(LARGE_DB, [bench_user], 5_000))
        run_tokens = asyncio.run(insert_sessions(LARGE_DB, [bench_user], max(20_000, args.duration * 3_000)))
        files: list[str] = []
        for tokens in (warm_tokens, run_tokens):
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
                handle.write("\n".join(tokens) + "\n")
                files.append(handle.name)
        refresh_url = base(LARGE_PORT) + "/api/v1/auth/refresh"
        try:
            run_wrk(refresh_url, REFRESH_LUA, seconds=2, connections=args.connections, args=[files[0]])
            refresh = run_wrk(
                refresh_url, REFRESH_LUA, seconds=args.duration, connections=args.connections, args=[files[1]]
            )
        finally:
            for name in files:
                os.unlink(name)

        # 3. Login throughput at bcrypt cost 12 (the small server is idle).
        login_url = base(LARGE_PORT) + "/api/v1/auth/login"
        run_wrk(login_url, LOGIN_LUA, seconds=3, connections=8)
        login = run_wrk(login_url, LOGIN_LUA, seconds=max(args.duration, 10), connections=8)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        for database in (SMALL_DB, LARGE_DB):
            asyncio.run(drop_database(database))
    ceiling = bcrypt_ceiling(5.0)
    load_after = os.getloadavg()[0]

    p50_small, p50_large = statistics.median(small), statistics.median(large)
    mean_small, mean_large = statistics.fmean(small), statistics.fmean(large)
    p99_small, p99_large = percentile(small, 0.99), percentile(large, 0.99)
    print()
    print("| measurement | value |")
    print("|---|---|")
    print(
        f"| refresh latency, {live_small} live session (c=1, {len(small)} requests) | p50 {p50_small:.2f} ms, "
        f"mean {mean_small:.2f} ms, p99 {p99_small:.2f} ms |"
    )
    print(
        f"| refresh latency, {live_large:,} live sessions (c=1, {len(large)} requests, interleaved) | "
        f"p50 {p50_large:.2f} ms, mean {mean_large:.2f} ms, p99 {p99_large:.2f} ms |"
    )
    print(f"| **refresh latency ratio 100,000 / 1 (p50)** | **{p50_large / p50_small:.2f}** (goal <= 1.2) |")
    print(f"| same ratio on mean / p99 | {mean_large / mean_small:.2f} / {p99_large / p99_small:.2f} |")
    print(
        f"| refresh throughput, {live_large:,}+ live sessions (wrk -t1 -c{args.connections} -d{args.duration}s) | "
        f"{refresh.rps:,.0f} req/s, p50 {refresh.p50_ms:.1f} ms, p99 {refresh.p99_ms:.1f} ms, "
        f"non-2xx/errors {refresh.errors} of {refresh.requests} |"
    )
    print(
        f"| login throughput, bcrypt 12 (wrk -t1 -c8 -d{max(args.duration, 10)}s) | {login.rps:.2f} req/s, "
        f"p50 {login.p50_ms:.0f} ms, p99 {login.p99_ms:.0f} ms, non-2xx/errors {login.errors} of {login.requests} |"
    )
    print(f"| raw bcrypt-12 verifications, 2 threads, same run | {ceiling:.2f} /s |")
    print(f"| login ÷ bcrypt ceiling | {login.rps / ceiling:.2f} |")
    print(f"| 1-minute load average before / after | {load_before:.1f} / {load_after:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
