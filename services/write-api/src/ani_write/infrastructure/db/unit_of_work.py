"""The asyncpg unit of work: one connection, one transaction, the outbox written in the COMMIT's round trip.

The transaction is driven with plain SQL rather than asyncpg's ``Transaction`` so that the outbox ``INSERT`` and the
``COMMIT`` travel as one simple-protocol message, and ``BEGIN`` is only sent when a statement runs. Inside an
enclosing transaction (tests, nested use) it uses a savepoint instead, so the caller's transaction decides.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from functools import lru_cache
from types import TracebackType
from typing import Any, Self

import orjson

from ani_write.domain.events import Event
from ani_write.domain.limits import UserDataLimits
from ani_write.infrastructure.db.admin_repository import AsyncpgAdminRepository
from ani_write.infrastructure.db.catalog_writer import AsyncpgCatalogWriter
from ani_write.infrastructure.db.connections import ConnectionSource
from ani_write.infrastructure.db.repositories import (
    AsyncpgHistoryRepository,
    AsyncpgLibraryRepository,
    AsyncpgProgressRepository,
)

__all__ = ["AsyncpgUnitOfWork", "OutboxEventSink", "TransactionalConnection", "with_outbox"]


def _literal(text: str) -> str:
    """A SQL string literal. Safe because the pool forces ``standard_conforming_strings=on`` (PostgreSQL's default):
    inside '...' only the quote itself is special, and it is doubled."""
    return "'" + text.replace("'", "''") + "'"


def outbox_sql(events: list[Event]) -> str:
    """``INSERT INTO outbox …`` with the events as literals, to be sent with the commit in one message."""
    rows = ", ".join(
        f"({_literal(event.topic)}, {_literal(orjson.dumps(event.payload).decode())}::jsonb)" for event in events
    )
    return f"INSERT INTO outbox (topic, payload) VALUES {rows}"  # noqa: S608 - literals escaped above


class OutboxEventSink:
    """Collects events, one per ``(topic, key)`` (coalescing), in the order first seen."""

    def __init__(self) -> None:
        self._events: dict[tuple[str, tuple[tuple[str, str], ...]], Event] = {}

    def add(self, event: Event) -> None:
        self._events.setdefault(event.key, event)

    @property
    def pending(self) -> list[Event]:
        return list(self._events.values())

    def clear(self) -> None:
        self._events.clear()


@lru_cache(maxsize=256)
def with_outbox(sql: str, arg_count: int) -> str:
    """``sql`` (one statement) plus a data-modifying CTE that inserts the events passed as two extra arrays."""
    events = (
        f"outbox_events AS (INSERT INTO outbox (topic, payload) SELECT topic, payload::jsonb "  # noqa: S608 - no values
        f"FROM unnest(${arg_count + 1}::text[], ${arg_count + 2}::text[]) AS event(topic, payload))"
    )
    body = sql.strip()
    if body[:5].upper() == "WITH ":
        return f"WITH {events}, {body[5:]}"
    return f"WITH {events} {body}"


class TransactionalConnection:
    """The unit of work's connection: ``BEGIN`` (or a ``SAVEPOINT`` inside an enclosing transaction) is sent lazily,
    before the first statement.

    After :meth:`AsyncpgUnitOfWork.commit_with_next_statement`, a unit of work that has not run anything yet runs its
    next statement **as the whole unit of work**: the pending outbox events are added to that statement as a CTE, and
    PostgreSQL's statement atomicity replaces ``BEGIN``/``COMMIT`` — one round trip instead of three. The progress PUT
    (the hot path) uses it.
    """

    _savepoints = 0

    def __init__(self, connection: Any, events: OutboxEventSink) -> None:
        self.connection = connection
        self._events = events
        self.begun = False
        self.savepoint: str | None = None
        self.complete_on_next = False
        self.completed = False
        self.sent_events = False

    async def _begin(self) -> None:
        if self.completed:
            raise RuntimeError("the unit of work was already completed by its final statement")
        if self.begun:
            return
        if self.connection.is_in_transaction():
            TransactionalConnection._savepoints += 1
            self.savepoint = f"uow_{TransactionalConnection._savepoints}"
            await self.connection.execute(f"SAVEPOINT {self.savepoint}")
        else:
            await self.connection.execute("BEGIN")
        self.begun = True

    async def _run(self, method: str, sql: str, args: tuple[Any, ...]) -> Any:
        if self.complete_on_next and not self.begun and not self.completed:
            events = self._events.pending
            # Inside an enclosing transaction (a caller's, or a test's) the statement gets a savepoint: if it fails,
            # only it is rolled back, not the enclosing transaction. On its own it needs none (statement atomicity).
            guard = None
            if self.connection.is_in_transaction():
                TransactionalConnection._savepoints += 1
                guard = f"uow_{TransactionalConnection._savepoints}"
                await self.connection.execute(f"SAVEPOINT {guard}")
            try:
                result = await getattr(self.connection, method)(
                    with_outbox(sql, len(args)),
                    *args,
                    [event.topic for event in events],
                    [orjson.dumps(event.payload).decode() for event in events],
                )
            except BaseException:
                if guard is not None:
                    await self.connection.execute(f"ROLLBACK TO SAVEPOINT {guard}")
                raise
            if guard is not None:
                await self.connection.execute(f"RELEASE SAVEPOINT {guard}")
            self.completed = True
            self.sent_events = bool(events)
            self._events.clear()
            return result
        await self._begin()
        return await getattr(self.connection, method)(sql, *args)

    async def fetch(self, sql: str, *args: Any) -> Any:
        return await self._run("fetch", sql, args)

    async def fetchrow(self, sql: str, *args: Any) -> Any:
        return await self._run("fetchrow", sql, args)

    async def fetchval(self, sql: str, *args: Any) -> Any:
        return await self._run("fetchval", sql, args)

    async def execute(self, sql: str, *args: Any) -> Any:
        return await self._run("execute", sql, args)


class AsyncpgUnitOfWork:
    library: AsyncpgLibraryRepository
    progress: AsyncpgProgressRepository
    history: AsyncpgHistoryRepository
    catalog: AsyncpgCatalogWriter
    admin: AsyncpgAdminRepository
    events: OutboxEventSink

    def __init__(
        self,
        source: ConnectionSource,
        on_events_committed: Callable[[], None] | None = None,
        limits: UserDataLimits | None = None,
    ) -> None:
        """``on_events_committed`` runs after a commit that wrote outbox events (the projectors' wake-up); ``limits``
        are the per-user caps the repositories enforce."""
        self.limits = limits or UserDataLimits()
        self._source = source
        self._on_events_committed = on_events_committed
        self._acquired: AbstractAsyncContextManager[Any] | None = None
        self._committed = False

    async def __aenter__(self) -> Self:
        self._acquired = self._source.acquire()
        connection = await self._acquired.__aenter__()
        self._committed = False
        self.events = OutboxEventSink()
        self._tx = TransactionalConnection(connection, self.events)
        self.library = AsyncpgLibraryRepository(self._tx, self.limits)
        self.progress = AsyncpgProgressRepository(self._tx, self.limits)
        self.history = AsyncpgHistoryRepository(self._tx)
        self.catalog = AsyncpgCatalogWriter(self._tx)
        self.admin = AsyncpgAdminRepository(self._tx)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._acquired is not None  # noqa: S101 - entered
        tx = self._tx
        try:
            if tx.begun and not self._committed and not tx.connection.is_closed():
                if tx.savepoint is None:
                    await tx.connection.execute("ROLLBACK")
                else:
                    await tx.connection.execute(
                        f"ROLLBACK TO SAVEPOINT {tx.savepoint}; RELEASE SAVEPOINT {tx.savepoint}"
                    )
        finally:
            self.events.clear()
            await self._acquired.__aexit__(exc_type, exc, tb)

    def commit_with_next_statement(self) -> None:
        """Let the next statement (with the events pending then) be the whole unit of work, if it is the first one.

        Call it just before the use case's only statement; ``commit()`` afterwards only checks that nothing is left.
        """
        self._tx.complete_on_next = True

    async def commit(self) -> None:
        tx = self._tx
        events = self.events.pending
        wrote_events = bool(events)
        if tx.completed:
            if events:
                raise RuntimeError("events were added after the unit of work completed")
            wrote_events = tx.sent_events
        elif not tx.begun:
            if events:  # a single INSERT is atomic by itself
                await tx.connection.execute(outbox_sql(events))
        else:
            end = "COMMIT" if tx.savepoint is None else f"RELEASE SAVEPOINT {tx.savepoint}"
            await tx.connection.execute(f"{outbox_sql(events)}; {end}" if events else end)
        self._committed = True
        self.events.clear()
        if wrote_events and self._on_events_committed is not None:
            self._on_events_committed()
