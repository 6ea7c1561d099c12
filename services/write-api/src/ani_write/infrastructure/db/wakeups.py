"""Projector wake-ups sent by the writer: a coalesced ``NOTIFY ani_outbox`` after commits that wrote events.

Why not a trigger on ``outbox`` (the first design): a transaction that issues ``NOTIFY`` takes a database-wide lock
at commit and holds it across its commit record's flush, so every write transaction of the service committed one
at a time — at 64 concurrent progress PUTs that lock, not the SQL, was the ceiling (``docs/performance.md``).
Here the writer pokes after its commit; at most one ``NOTIFY`` is in flight per process and at most one is sent per
``interval``, each in its own tiny transaction on a pooled connection, outside every write's commit. The events are
committed before the notification is sent, so a woken projector finds them. A lost notification (database
restart, process exit) costs latency only: projectors also poll (``PROJECTOR_POLL_INTERVAL``).
"""

from __future__ import annotations

import asyncio
import contextlib

from ani_common.logging import get_logger
from ani_write.infrastructure.db.connections import ConnectionSource

__all__ = ["NOTIFY_OUTBOX", "OUTBOX_CHANNEL", "OutboxWakeups"]

OUTBOX_CHANNEL = "ani_outbox"
NOTIFY_OUTBOX = f"NOTIFY {OUTBOX_CHANNEL}"

log = get_logger(__name__)


class OutboxWakeups:
    """``poke()`` after a commit that wrote outbox events; the notifications are coalesced in the background."""

    def __init__(self, source: ConnectionSource, *, interval: float = 0.01) -> None:
        self._source = source
        self._interval = interval
        self._pending = False
        self._task: asyncio.Task[None] | None = None
        self._failing = False
        self.sent = 0

    def poke(self) -> None:
        self._pending = True
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while self._pending:
            self._pending = False
            try:
                async with self._source.acquire() as connection:
                    await connection.execute(NOTIFY_OUTBOX)
                self.sent += 1
                if self._failing:
                    self._failing = False
                    log.info("Outbox notifications sent again")
            except Exception as exc:  # a wake-up must never fail a write; projectors poll too
                if not self._failing:
                    self._failing = True
                    log.warning("Outbox notification failed; projectors will poll", error=type(exc).__name__)
            await asyncio.sleep(self._interval)

    async def aclose(self) -> None:
        """Stop; a notification still waiting for its interval is dropped (the projectors' poll covers it)."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
