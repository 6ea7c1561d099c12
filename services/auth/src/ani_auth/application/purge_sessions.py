"""Delete expired refresh tokens of users and admins (run periodically: ``ani-auth purge-sessions``)."""

from __future__ import annotations

from ani_auth.application.context import AuthContext
from ani_auth.domain.principals import PrincipalType

__all__ = ["PurgeSessionsHandler"]


class PurgeSessionsHandler:
    """Deletes in batches of ``batch_size``, one short transaction each, so live traffic is never blocked for long."""

    def __init__(self, ctx: AuthContext, *, batch_size: int = 10_000) -> None:
        self._ctx = ctx
        self._batch_size = batch_size

    async def __call__(self) -> dict[PrincipalType, int]:
        now = self._ctx.clock.now()
        purged: dict[PrincipalType, int] = {}
        for kind in PrincipalType:
            total = 0
            while True:
                async with self._ctx.uow() as uow:
                    deleted = await uow.sessions_of(kind).purge_expired(now, self._batch_size)
                    await uow.commit()
                total += deleted
                if deleted < self._batch_size:
                    break
            purged[kind] = total
        return purged
