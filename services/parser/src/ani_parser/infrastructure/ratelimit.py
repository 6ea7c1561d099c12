"""Client-side rate limiter that stays correct under concurrency.

Every caller reserves the next free slot while holding a lock, then sleeps outside the lock until its slot.
Slots are spaced ``1 / per_second`` apart and no 60-second window holds more than ``per_minute`` of them, so
however many tasks call :meth:`acquire` at once, the request rate never exceeds either limit. The HTTP
client calls it before *every* attempt, retries included.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

__all__ = ["RateLimiter"]


class RateLimiter:
    def __init__(
        self,
        *,
        per_second: float | None = None,
        per_minute: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = 1.0 / per_second if per_second and per_second > 0 else 0.0
        self._per_minute = per_minute if per_minute and per_minute > 0 else 0
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._next_slot = float("-inf")
        self._window: deque[float] = deque()

    @property
    def enabled(self) -> bool:
        return bool(self._interval or self._per_minute)

    async def acquire(self) -> float:
        """Wait for a slot; returns the (clock) time the slot was granted for."""
        if not self.enabled:
            return self._clock()
        async with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot)
            if self._per_minute:
                if len(self._window) >= self._per_minute:
                    slot = max(slot, self._window[-self._per_minute] + 60.0)
                self._window.append(slot)
                while self._window and self._window[0] <= slot - 60.0:
                    self._window.popleft()
            self._next_slot = slot + self._interval
        delay = slot - now
        if delay > 0:
            await self._sleep(delay)
        return slot
