"""Per-user write rate limits of write-api (issue 15, hole 6), counted in Redis like every other limit.

* ``PUT /api/v1/me/progress/{episode_id}``: ``RATE_LIMIT_PROGRESS`` per minute per user (default 120: a player
  sends one every few seconds, so several tabs fit);
* library writes (``PUT``/``DELETE /api/v1/me/library/{title_id}``, ``POST /api/v1/me/import-legacy``):
  ``RATE_LIMIT_LIBRARY`` per minute per user (default 60).

Over the limit: 429 ``RATE_LIMIT_EXCEEDED`` with ``Retry-After`` and the ``RateLimit-*`` headers, nothing written.
One Redis round trip (the shared limiter's Lua ``INCR``+``PEXPIRE``). The limits fail open: when Redis cannot be
reached, writes go on unthrottled (PostgreSQL is the source of truth, and a Redis outage must not stop progress
writes) and Redis is not tried again for :data:`RETRY_AFTER_FAILURE` seconds, so an outage costs no per-request wait.
The progress fast path (``ani_write.api.fast``) counts a request once and hands an over-limit one to FastAPI with its
result, so the 429 is FastAPI's own answer.
"""

from __future__ import annotations

import time

from fastapi import Depends, Request
from redis.exceptions import RedisError
from starlette.datastructures import State

from ani_common.auth_deps import CurrentUser
from ani_common.logging import get_logger
from ani_common.ratelimit import RateLimit, RateLimiter, RateLimitResult, rate_limit_error

__all__ = [
    "LIBRARY_WRITES",
    "PROGRESS_LIMIT_SCOPE_KEY",
    "PROGRESS_WRITES",
    "LibraryWriteLimit",
    "ProgressWriteLimit",
    "WriteLimits",
]

PROGRESS_WRITES = "progress-write"
LIBRARY_WRITES = "library-write"
#: where the fast path leaves the result of the hit it already counted
PROGRESS_LIMIT_SCOPE_KEY = "ani.write.progress_limit"
RETRY_AFTER_FAILURE = 5.0
WINDOW_SECONDS = 60

_log = get_logger("ani.write.limits")


class WriteLimits:
    def __init__(self, limiter: RateLimiter, *, progress_per_minute: int, library_per_minute: int) -> None:
        self._limiter = limiter
        self._rules = {
            PROGRESS_WRITES: RateLimit(progress_per_minute, WINDOW_SECONDS),
            LIBRARY_WRITES: RateLimit(library_per_minute, WINDOW_SECONDS),
        }
        self._skip_until = 0.0

    async def hit(self, name: str, user_id: int) -> RateLimitResult | None:
        """Count one write of ``user_id``; ``None`` when Redis is unavailable (the write is allowed)."""
        if self._skip_until and time.monotonic() < self._skip_until:
            return None
        try:
            result = await self._limiter.hit(name, str(user_id), self._rules[name])
        except (RedisError, OSError, TimeoutError) as exc:
            self._skip_until = time.monotonic() + RETRY_AFTER_FAILURE
            _log.warning("Write rate limit unavailable: allowing writes", error_type=type(exc).__name__)
            return None
        self._skip_until = 0.0
        return result


def write_limits_of(state: State) -> WriteLimits:
    limits: WriteLimits = state.write_limits
    return limits


async def _progress_write_limit(request: Request, user: CurrentUser) -> None:
    result: RateLimitResult | None = request.scope.get(PROGRESS_LIMIT_SCOPE_KEY)
    if result is None:
        result = await write_limits_of(request.app.state).hit(PROGRESS_WRITES, user.id)
    if result is not None and not result.allowed:
        raise rate_limit_error(result)


async def _library_write_limit(request: Request, user: CurrentUser) -> None:
    result = await write_limits_of(request.app.state).hit(LIBRARY_WRITES, user.id)
    if result is not None and not result.allowed:
        raise rate_limit_error(result)


ProgressWriteLimit = Depends(_progress_write_limit)
LibraryWriteLimit = Depends(_library_write_limit)
