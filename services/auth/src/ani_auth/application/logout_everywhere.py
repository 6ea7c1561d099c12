"""Log the caller out of every session and make every service reject their current access tokens."""

from __future__ import annotations

from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.application.get_current_user import require_active_user
from ani_auth.domain.principals import PrincipalType
from ani_auth.domain.sessions import ClientInfo

__all__ = ["LogoutEverywhere", "LogoutEverywhereHandler"]


@dataclass(frozen=True, slots=True)
class LogoutEverywhere:
    user_id: int
    client: ClientInfo


class LogoutEverywhereHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: LogoutEverywhere) -> int:
        now = self._ctx.clock.now()
        async with self._ctx.uow() as uow:
            await require_active_user(uow, command.user_id)
            revoked = await uow.user_sessions.revoke_all(command.user_id, now, "logout_all")
            await uow.events.add(
                "logout_all", PrincipalType.USER, command.user_id, now, command.client, {"revoked": revoked}
            )
            await uow.commit()
        await self._ctx.revoker.revoke_access_tokens(PrincipalType.USER, command.user_id)
        return revoked
