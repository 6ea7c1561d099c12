"""Rate limits shared by every replica, in Redis.

A fixed-window counter per ``(name, key)``: one atomic Lua call does ``INCR`` and sets the expiry on the first hit,
and returns the count and the remaining window. All replicas share the counters, so ``5/min`` means 5 per minute
for the whole deployment (the replaced system kept counters per process).

Over the limit the caller raises :func:`rate_limit_error`: 429 ``RATE_LIMIT_EXCEEDED`` with ``Retry-After`` and
``RateLimit-Limit`` / ``RateLimit-Remaining`` / ``RateLimit-Reset``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from ani_common.errors import ApiError, ErrorCode

__all__ = ["RateLimit", "RateLimitResult", "RateLimiter", "rate_limit_error"]

_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""


@dataclass(frozen=True, slots=True)
class RateLimit:
    limit: int
    window_seconds: int

    def __str__(self) -> str:
        """The replaced system's message format, e.g. ``5 per 1 minute``."""
        if self.window_seconds % 60 == 0:
            minutes = self.window_seconds // 60
            return f"{self.limit} per {minutes} minute{'s' if minutes != 1 else ''}"
        return f"{self.limit} per {self.window_seconds} seconds"


@dataclass(frozen=True, slots=True)
class RateLimitResult:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int
    rule: RateLimit | None = None

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
        }


class RateLimiter:
    def __init__(self, redis: Redis, *, prefix: str = "ratelimit", enabled: bool = True) -> None:
        self._redis = redis
        self._prefix = prefix
        self._enabled = enabled
        self._script: Any = redis.register_script(_SCRIPT)

    async def hit(self, name: str, key: str, rule: RateLimit) -> RateLimitResult:
        if not self._enabled:
            return RateLimitResult(True, rule.limit, rule.limit, rule.window_seconds, rule)
        redis_key = f"{self._prefix}:{name}:{key}"
        count, ttl_ms = await self._script(keys=[redis_key], args=[rule.window_seconds * 1000])
        reset = max(1, -(-int(ttl_ms) // 1000))
        count = int(count)
        return RateLimitResult(
            allowed=count <= rule.limit,
            limit=rule.limit,
            remaining=max(0, rule.limit - count),
            reset_seconds=reset,
            rule=rule,
        )

    async def check(self, name: str, key: str, rule: RateLimit) -> RateLimitResult:
        """Count a hit and raise the 429 :class:`ApiError` when over the limit."""
        result = await self.hit(name, key, rule)
        if not result.allowed:
            raise rate_limit_error(result)
        return result

    async def reset(self, name: str, key: str) -> None:
        await self._redis.delete(f"{self._prefix}:{name}:{key}")


def rate_limit_error(result: RateLimitResult) -> ApiError:
    headers = result.headers()
    headers["Retry-After"] = str(result.reset_seconds)
    message = str(result.rule) if result.rule is not None else "Rate limit exceeded"
    return ApiError(
        429,
        message,
        code=ErrorCode.RATE_LIMIT_EXCEEDED,
        headers=headers,
    )
