"""Projector wake-ups sent by the writer after commits (``ani_write.infrastructure.db.wakeups``), on a real pool,
and on the suite's shared test connection.

A ``LISTEN ani_outbox`` connection stands in for a projector.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio

from ani_write.application.ports import LibraryChanges
from ani_write.domain.events import user_data_changed
from ani_write.infrastructure.db.connections import PoolConnectionSource, asyncpg_dsn
from ani_write.infrastructure.db.unit_of_work import AsyncpgUnitOfWork
from ani_write.infrastructure.db.wakeups import OUTBOX_CHANNEL, OutboxWakeups
from tests.test_projector import PROGRESS

Auth = Callable[..., dict[str, str]]


class Listener:
    def __init__(self) -> None:
        self.received = 0
        self.event = asyncio.Event()

    def __call__(self, *_: Any) -> None:
        self.received += 1
        self.event.set()

    async def next(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self.event.wait(), timeout)
        self.event.clear()


@asynccontextmanager
async def listening(database_url: str) -> AsyncIterator[Listener]:
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    listener = Listener()
    await connection.add_listener(OUTBOX_CHANNEL, listener)
    try:
        yield listener
    finally:
        await connection.close()


async def settle(seconds: float = 0.1) -> None:
    await asyncio.sleep(seconds)


class TestThroughTheApp:
    async def test_a_progress_put_wakes_a_listening_projector(
        self, live: httpx.AsyncClient, auth: Auth, database_url: str
    ) -> None:
        async with listening(database_url) as listener:
            response = await live.put("/api/v1/me/progress/ep-1", json=PROGRESS, headers=auth(3))
            assert response.status_code == 200
            await listener.next()
            assert listener.received == 1

    async def test_a_refused_write_sends_nothing(self, live: httpx.AsyncClient, auth: Auth, database_url: str) -> None:
        async with listening(database_url) as listener:
            bad = {**PROGRESS, "position_seconds": -1}
            assert (await live.put("/api/v1/me/progress/ep-1", json=bad, headers=auth(3))).status_code == 422
            await settle()
            assert listener.received == 0


class TestOutboxWakeups:
    async def test_a_burst_of_commits_is_coalesced_and_the_last_one_is_covered(
        self, pool: Any, database_url: str
    ) -> None:
        wakeups = OutboxWakeups(PoolConnectionSource(pool), interval=0.05)
        async with listening(database_url) as listener:
            for _ in range(20):
                wakeups.poke()
                await asyncio.sleep(0.005)
            await settle(0.3)
            await wakeups.aclose()
        # 20 pokes over ~0.1 s with one notification per 50 ms at most: a few, not 20, and one after the last poke.
        assert 1 <= listener.received <= 5
        assert wakeups.sent == listener.received

    async def test_commits_with_events_poke_and_the_others_do_not(self, pool: Any) -> None:
        pokes: list[int] = []
        source = PoolConnectionSource(pool)

        def unit() -> AsyncpgUnitOfWork:
            return AsyncpgUnitOfWork(source, lambda: pokes.append(1))

        async with unit() as uow:  # events, several statements: COMMIT with the outbox insert
            await uow.library.upsert(1, "rpc", "t", LibraryChanges())
            uow.events.add(user_data_changed("library_changed", 1, "rpc"))
            await uow.commit()
        assert len(pokes) == 1
        async with unit() as uow:  # the single-statement unit of work (the progress PUT)
            uow.events.add(user_data_changed("progress_changed", 1, "rpc"))
            uow.commit_with_next_statement()
            await uow.progress.record(1, "rpc", "e", "t", 1.0, 2.0, None, False)
            await uow.commit()
        assert len(pokes) == 2
        async with unit() as uow:  # a commit without events
            await uow.library.upsert(2, "rpc", "t", LibraryChanges())
            await uow.commit()

        async def rolled_back() -> None:
            async with unit() as uow:
                await uow.library.upsert(3, "rpc", "t", LibraryChanges())
                uow.events.add(user_data_changed("library_changed", 3, "rpc"))
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            await rolled_back()
        assert len(pokes) == 2

    async def test_a_failing_notification_never_fails_the_caller_and_recovers(self, pool: Any) -> None:
        class Flaky:
            def __init__(self) -> None:
                self.broken = True

            def acquire(self) -> Any:
                if self.broken:
                    raise OSError("connection refused")
                return pool.acquire()

        source = Flaky()
        wakeups = OutboxWakeups(source, interval=0.01)
        wakeups.poke()
        await settle()
        assert wakeups.sent == 0
        source.broken = False
        wakeups.poke()
        await settle()
        assert wakeups.sent == 1
        await wakeups.aclose()


@pytest_asyncio.fixture
async def written(client: httpx.AsyncClient, auth: Auth) -> None:
    """A write whose wake-up is still on its way when the fixture ends."""
    response = await client.put("/api/v1/me/progress/ep-1", json=PROGRESS, headers=auth(3))
    assert response.status_code == 200


class TestOnTheSharedTestConnection:
    """The app under test and the test itself share one connection (``connections``, ``pg``), and the wake-up sends
    its ``NOTIFY`` from a background task on it after the response. Both go through the source's one lock."""

    async def test_a_tests_first_statement_after_a_fixture_that_wrote(self, written: None, pg: Any) -> None:
        # The wake-up task is the first to run when the test starts: its NOTIFY is on the connection by then.
        # Before the test's statements went through the gate, this failed every time with asyncpg's
        # "cannot perform operation: another operation is in progress".
        assert await pg.fetchval("SELECT count(*) FROM user_progress WHERE user_id = 3") == 1

    async def test_a_wake_up_never_collides_with_a_tests_statement(
        self, client: httpx.AsyncClient, auth: Auth, pg: Any, caplog: pytest.LogCaptureFixture
    ) -> None:
        for user_id in range(1, 6):
            response = await client.put("/api/v1/me/progress/ep-1", json=PROGRESS, headers=auth(user_id))
            assert response.status_code == 200
            assert await pg.fetchval("SELECT count(*) FROM user_progress WHERE user_id = $1", user_id) == 1
        # Without the gate, the NOTIFY lost the race here instead ("another operation is in progress", logged).
        failures = [record for record in caplog.records if record.levelno >= logging.WARNING]
        assert [record.getMessage() for record in failures] == []
