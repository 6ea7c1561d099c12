"""Where units of work and queries get their asyncpg connection from.

Production uses a pool. Tests (and one-off commands) use one connection: its transaction is the test's, and the
unit of work's transactions become savepoints inside it (asyncpg nests ``Connection.transaction()`` that way).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

import asyncpg

from ani_common.config import normalize_database_url

__all__ = ["ConnectionSource", "PoolConnectionSource", "SingleConnectionSource", "asyncpg_dsn", "create_pool"]


class ConnectionSource(Protocol):
    def acquire(self) -> AbstractAsyncContextManager[Any]: ...


def asyncpg_dsn(url: str) -> str:
    return normalize_database_url(url).replace("postgresql+asyncpg://", "postgresql://", 1)


async def create_pool(url: str, *, min_size: int, max_size: int) -> Any:
    return await asyncpg.create_pool(
        asyncpg_dsn(url),
        min_size=min_size,
        max_size=max_size,
        max_inactive_connection_lifetime=300,
        server_settings={"application_name": "ani-write-api", "standard_conforming_strings": "on"},
    )


class PoolConnectionSource:
    def __init__(self, pool: Any) -> None:
        self.pool = pool

    def acquire(self) -> AbstractAsyncContextManager[Any]:
        acquired: AbstractAsyncContextManager[Any] = self.pool.acquire()
        return acquired


class SingleConnectionSource:
    """One shared connection, used by one unit of work or query at a time: every user goes through ``acquire()``,
    background work started by a request (the outbox wake-up) and a test's own statements included, since asyncpg
    refuses a statement while another is in flight on the connection."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def _acquire(self) -> AsyncIterator[Any]:
        async with self._lock:
            yield self.connection

    def acquire(self) -> AbstractAsyncContextManager[Any]:
        return self._acquire()
