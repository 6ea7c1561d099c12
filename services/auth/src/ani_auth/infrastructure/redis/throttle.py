"""Rate limits of the auth actions, shared by every replica through Redis.

Plain actions (register, refresh, password change, login per client IP) are fixed windows
(``ani_common.ratelimit``). Login is throttled per (account, client) with an exponential backoff, plus a per-account
ceiling much higher than the per-(account, client) allowance, so that a stranger can no longer keep somebody else's
account locked with a handful of requests, while guessing stays at least as hard as with the former 5/min per account:

* per (account, client IP): ``free`` attempts, then each further attempt is allowed only after a wait that starts at
  ``base`` seconds and doubles per attempt up to ``max`` (the state is forgotten after a day without attempts, and
  reset by a successful login);
* per account, whatever the client: ``ceiling`` failed attempts per ``ceiling_window``; a client that signed in to
  the account before (within the refresh-token lifetime) is exempt from this ceiling, so the owner still gets in
  while a botnet guesses.

Attempts are counted before the password is checked (one atomic script: no race lets parallel requests through) and
refunded on success. Keys are SHA-256 digests (no e-mails or IPs in Redis).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from ani_auth.application.errors import RateLimitedError
from ani_common.ratelimit import RateLimit, RateLimiter, RateLimitResult

__all__ = ["LoginBackoff", "RedisThrottle"]

# KEYS: 1 per-(account, client) hash {n, until}, 2 per-account failure counter, 3 known-client marker
# ARGV: now_ms, free, base_ms, max_ms, state_ttl_ms, ceiling, ceiling_window_ms
# Returns {allowed (0/1), which limit refused (1 client, 2 account), wait_ms}
_ATTEMPT = """
local now = tonumber(ARGV[1])
local lock_until = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if lock_until > now then
  return {0, 1, lock_until - now}
end
local total = tonumber(redis.call('GET', KEYS[2]) or '0')
if total >= tonumber(ARGV[6]) and redis.call('EXISTS', KEYS[3]) == 0 then
  local ttl = redis.call('PTTL', KEYS[2])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[2], ARGV[7])
    ttl = tonumber(ARGV[7])
  end
  return {0, 2, ttl}
end
if redis.call('INCR', KEYS[2]) == 1 or redis.call('PTTL', KEYS[2]) < 0 then
  redis.call('PEXPIRE', KEYS[2], ARGV[7])
end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local free = tonumber(ARGV[2])
if n >= free then
  local wait = math.min(tonumber(ARGV[3]) * (2 ^ (n - free)), tonumber(ARGV[4]))
  redis.call('HSET', KEYS[1], 'until', string.format('%.0f', now + wait))
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {1, 0, 0}
"""

# KEYS as above; ARGV: known-client lifetime in ms
_SUCCEEDED = """
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then
  redis.call('DECR', KEYS[2])
end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[1])
return 1
"""

_STATE_TTL_SECONDS = 86_400
_CLIENT_MESSAGE = "Too many failed login attempts from this client; try again later"
_ACCOUNT_MESSAGE = "Too many failed login attempts for this account; try again later"


@dataclass(frozen=True, slots=True)
class LoginBackoff:
    """The login rules of one kind of account (users or admins)."""

    free: int
    base_seconds: int
    max_seconds: int
    ceiling: int
    ceiling_window_seconds: int
    #: how long a successful client stays exempt from the per-account ceiling
    known_client_seconds: int


def _digest(*parts: str) -> str:
    joined = "\x00".join(parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class RedisThrottle:
    """``hit(action, key)`` against the rule configured for ``action``; ``login_attempt`` / ``login_succeeded`` for
    the login kinds configured in ``logins``."""

    def __init__(
        self,
        limiter: RateLimiter,
        rules: Mapping[str, RateLimit],
        *,
        redis: Redis | None = None,
        logins: Mapping[str, LoginBackoff] | None = None,
        enabled: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._limiter = limiter
        self._rules = dict(rules)
        self._logins = dict(logins or {})
        self._enabled = enabled
        self._clock = clock
        self._attempt: Any = redis.register_script(_ATTEMPT) if redis is not None else None
        self._succeeded: Any = redis.register_script(_SUCCEEDED) if redis is not None else None

    async def hit(self, action: str, key: str) -> None:
        rule = self._rules[action]
        result = await self._limiter.hit(f"auth:{action}", _digest(key), rule)
        if not result.allowed:
            raise RateLimitedError(result)

    def _keys(self, kind: str, account: str, client: str) -> list[str]:
        account_digest = _digest(account)
        pair = _digest(account, client)
        return [
            f"auth:login:{kind}:client:{pair}",
            f"auth:login:{kind}:account:{account_digest}",
            f"auth:login:{kind}:known:{pair}",
        ]

    async def login_attempt(self, kind: str, account: str, client: str) -> None:
        """Count one login attempt of ``client`` on ``account``; raises :class:`RateLimitedError` when it must wait."""
        if not self._enabled or self._attempt is None:
            return
        rule = self._logins[kind]
        allowed, which, wait_ms = await self._attempt(
            keys=self._keys(kind, account, client),
            args=[
                int(self._clock() * 1000),
                rule.free,
                rule.base_seconds * 1000,
                rule.max_seconds * 1000,
                max(_STATE_TTL_SECONDS, rule.max_seconds * 2) * 1000,
                rule.ceiling,
                rule.ceiling_window_seconds * 1000,
            ],
        )
        if int(allowed):
            return
        reset = max(1, math.ceil(int(wait_ms) / 1000))
        if int(which) == 1:
            result = RateLimitResult(False, rule.free, 0, reset)
            raise RateLimitedError(result, message=_CLIENT_MESSAGE)
        raise RateLimitedError(RateLimitResult(False, rule.ceiling, 0, reset), message=_ACCOUNT_MESSAGE)

    async def login_succeeded(self, kind: str, account: str, client: str) -> None:
        """The password was right: forget the client's failures, refund the attempt, remember the client."""
        if not self._enabled or self._succeeded is None:
            return
        rule = self._logins[kind]
        await self._succeeded(keys=self._keys(kind, account, client), args=[rule.known_client_seconds * 1000])
