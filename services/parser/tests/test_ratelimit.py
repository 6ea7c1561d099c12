from __future__ import annotations

import asyncio
import itertools

from ani_parser.infrastructure.ratelimit import RateLimiter


class VirtualClock:
    """Time stands still unless a sleeper advances it; sleeps are recorded, never real."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        await asyncio.sleep(0)


def _max_in_window(slots: list[float], window: float) -> int:
    ordered = sorted(slots)
    best = 0
    for i, start in enumerate(ordered):
        best = max(best, sum(1 for s in ordered[i:] if s < start + window - 1e-9))
    return best


async def test_concurrent_callers_get_distinct_slots_spaced_by_the_rate() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(per_second=5, clock=clock, sleep=clock.sleep)
    slots = await asyncio.gather(*(limiter.acquire() for _ in range(20)))
    ordered = sorted(slots)
    assert ordered[0] == 1000.0  # the first caller does not wait
    gaps = [b - a for a, b in itertools.pairwise(ordered)]
    assert min(gaps) >= 0.2 - 1e-9  # never a burst, however many callers arrive together
    assert _max_in_window(slots, 1.0) <= 5
    assert len(clock.sleeps) == 19


async def test_per_minute_budget_holds_under_concurrency() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(per_second=5, per_minute=90, clock=clock, sleep=clock.sleep)
    slots = await asyncio.gather(*(limiter.acquire() for _ in range(200)))
    assert _max_in_window(slots, 60.0) <= 90
    assert _max_in_window(slots, 1.0) <= 5
    # the 91st request waits for the first one to leave the 60-second window
    assert sorted(slots)[90] >= sorted(slots)[0] + 60.0


async def test_slots_follow_real_time_when_callers_are_slow() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(per_second=2, clock=clock, sleep=clock.sleep)
    first = await limiter.acquire()
    clock.now += 10  # long idle: no debt is carried over
    second = await limiter.acquire()
    assert second == first + 10
    assert clock.sleeps == []


async def test_disabled_limiter_never_waits() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(per_second=0, clock=clock, sleep=clock.sleep)
    await asyncio.gather(*(limiter.acquire() for _ in range(50)))
    assert clock.sleeps == []
    assert not limiter.enabled


async def test_real_clock_concurrent_acquires_are_serialised() -> None:
    limiter = RateLimiter(per_second=200)
    slots = await asyncio.gather(*(limiter.acquire() for _ in range(10)))
    ordered = sorted(slots)
    assert len(ordered) == 10
    assert all(b - a >= 0.005 - 1e-9 for a, b in itertools.pairwise(ordered))
