"""Rate limits of the auth actions, shared by every replica through ``ani_common.ratelimit``."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from ani_auth.application.errors import RateLimitedError
from ani_common.ratelimit import RateLimit, RateLimiter

__all__ = ["RedisThrottle"]


class RedisThrottle:
    """``hit(action, key)`` against the rule configured for ``action``; keys are hashed (no e-mails in Redis)."""

    def __init__(self, limiter: RateLimiter, rules: Mapping[str, RateLimit]) -> None:
        self._limiter = limiter
        self._rules = dict(rules)

    async def hit(self, action: str, key: str) -> None:
        rule = self._rules[action]
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        result = await self._limiter.hit(f"auth:{action}", digest, rule)
        if not result.allowed:
            raise RateLimitedError(result)
