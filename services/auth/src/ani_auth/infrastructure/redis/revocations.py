"""Access-token revocation through ``ani_common``'s Redis ``not_before`` list."""

from __future__ import annotations

from redis.asyncio import Redis

from ani_auth.domain.principals import PrincipalType
from ani_common.tokens import PrincipalKind, RevocationList, record_revocation

__all__ = ["RedisAccessRevoker"]


class RedisAccessRevoker:
    """Records ``not_before`` = now for the principal (entries live one access-token lifetime).

    Every service polls the list (``RevocationList``) and rejects tokens issued earlier without calling auth; this
    process' own list is refreshed at once. Tokens carry ``iat`` with millisecond precision, so a token minted
    right after the revocation (the new token of a password change) is valid everywhere.
    """

    def __init__(self, redis: Redis, *, ttl_seconds: int, local: RevocationList | None = None) -> None:
        self._redis = redis
        self._ttl = ttl_seconds
        self._local = local

    async def revoke_access_tokens(self, kind: PrincipalType, subject: int) -> None:
        await record_revocation(self._redis, PrincipalKind(kind.value), str(subject), ttl_seconds=self._ttl)
        if self._local is not None:
            await self._local.refresh()
