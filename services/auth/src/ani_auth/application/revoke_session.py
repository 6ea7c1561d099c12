"""Revoke one of the caller's sessions."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import SessionNotFoundError
from ani_auth.application.get_current_user import require_active_user
from ani_auth.domain.principals import PrincipalType
from ani_auth.domain.sessions import ClientInfo

__all__ = ["RevokeSession", "RevokeSessionHandler"]


@dataclass(frozen=True, slots=True)
class RevokeSession:
    user_id: int
    session_id: UUID
    client: ClientInfo


class RevokeSessionHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: RevokeSession) -> None:
        now = self._ctx.clock.now()
        async with self._ctx.uow() as uow:
            await require_active_user(uow, command.user_id)
            revoked = await uow.user_sessions.revoke_family_of_owner(
                command.user_id, command.session_id, now, "revoked_by_user"
            )
            if revoked == 0:
                raise SessionNotFoundError
            await uow.events.add(
                "session_revoked",
                PrincipalType.USER,
                command.user_id,
                now,
                command.client,
                {"family_id": str(command.session_id)},
            )
            await uow.commit()
