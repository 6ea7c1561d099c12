"""Disable (or re-enable) a user account. Disabling revokes every session and every access token."""

from __future__ import annotations

from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import UserNotFoundError
from ani_auth.domain.principals import PrincipalType

__all__ = ["DisableUser", "DisableUserHandler"]


@dataclass(frozen=True, slots=True)
class DisableUser:
    email: str
    active: bool = False


class DisableUserHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: DisableUser) -> int:
        now = self._ctx.clock.now()
        async with self._ctx.uow() as uow:
            user = await uow.users.get_by_email(command.email)
            if user is None:
                raise UserNotFoundError
            await uow.users.set_active(user.id, command.active, now)
            revoked = 0
            if not command.active:
                revoked = await uow.user_sessions.revoke_all(user.id, now, "account_disabled")
            await uow.events.add(
                "user_disabled" if not command.active else "user_enabled",
                PrincipalType.USER,
                user.id,
                now,
                None,
                {"revoked": revoked},
            )
            await uow.commit()
        if not command.active:
            await self._ctx.revoker.revoke_access_tokens(PrincipalType.USER, user.id)
        return user.id
