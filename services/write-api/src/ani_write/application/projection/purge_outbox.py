"""Delete processed outbox rows once they are old enough, in small batches (short transactions, short locks)."""

from __future__ import annotations

from ani_write.application.projection.ports import Outbox

__all__ = ["PurgeOutbox"]


class PurgeOutbox:
    def __init__(self, outbox: Outbox, *, retention_seconds: float = 600.0, batch_size: int = 1000) -> None:
        self._outbox = outbox
        self._retention = retention_seconds
        self._batch_size = batch_size

    async def __call__(self, *, max_batches: int = 100) -> int:
        deleted = 0
        for _ in range(max_batches):
            count = await self._outbox.purge(self._retention, self._batch_size)
            deleted += count
            if count < self._batch_size:
                break
        return deleted
