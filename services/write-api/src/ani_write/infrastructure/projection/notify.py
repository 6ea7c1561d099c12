"""Wake-ups: ``LISTEN ani_outbox`` on a dedicated asyncpg connection (writers send ``NOTIFY`` after commits that
wrote events: ``ani_write.infrastructure.db.wakeups``), reconnecting with a backoff when the connection drops.
Every (re)connection also wakes the waiters, since notifications sent while disconnected are lost; the projector's
fallback poll covers any other gap."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import asyncpg

from ani_common.logging import get_logger
from ani_write.infrastructure.db.wakeups import OUTBOX_CHANNEL

__all__ = ["CHANNEL", "OutboxListener"]

CHANNEL = OUTBOX_CHANNEL

log = get_logger(__name__)


class OutboxListener:
    def __init__(
        self, dsn: str, wake: Callable[[], None], *, reconnect_delay: float = 0.5, max_delay: float = 10.0
    ) -> None:
        self._dsn = dsn
        self._wake = wake
        self._delay = reconnect_delay
        self._max_delay = max_delay
        self.connected = asyncio.Event()

    def _notified(self, *_: Any) -> None:
        self._wake()

    async def run(self) -> None:
        """Listen until cancelled."""
        delay = self._delay
        while True:
            connection = None
            try:
                connection = await asyncpg.connect(
                    self._dsn, server_settings={"application_name": "ani-projector-listen"}
                )
                lost = asyncio.Event()
                connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
                await connection.add_listener(CHANNEL, self._notified)
                self.connected.set()
                delay = self._delay
                self._wake()
                log.info("Listening for outbox notifications", channel=CHANNEL)
                # asyncio.timeout, not wait_for: on Python 3.11, wait_for returns the result of an inner call that
                # finished as a cancellation arrived, and this loop, stopped only by cancellation, would go on.
                while not lost.is_set() and not connection.is_closed():
                    try:
                        async with asyncio.timeout(5.0):
                            await lost.wait()
                    except TimeoutError:
                        # A cheap liveness check: a silently dead socket is noticed here.
                        async with asyncio.timeout(5.0):
                            await connection.execute("SELECT 1")
                log.warning("Outbox notification connection lost; reconnecting")
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("Outbox notification connection failed; retrying", error=type(exc).__name__, delay=delay)
            finally:
                self.connected.clear()
                if connection is not None and not connection.is_closed():
                    connection.terminate()
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._max_delay)
