"""Change the caller's password: other sessions and older access tokens stop working; this one continues."""

from __future__ import annotations

from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import IncorrectPasswordError
from ani_auth.application.get_current_user import require_active_user
from ani_auth.application.ports import IssuedAccessToken
from ani_auth.domain.principals import PrincipalType
from ani_auth.domain.sessions import ClientInfo, digest_refresh_token

__all__ = ["ChangePassword", "ChangePasswordHandler"]


@dataclass(frozen=True, slots=True)
class ChangePassword:
    user_id: int
    current_password: str
    new_password: str
    refresh_token: str | None
    client: ClientInfo


class ChangePasswordHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: ChangePassword) -> IssuedAccessToken:
        ctx = self._ctx
        await ctx.throttle.hit("password-change", str(command.user_id))
        async with ctx.uow() as uow:
            user = await require_active_user(uow, command.user_id)
        if not await ctx.hasher.verify(command.current_password, user.hashed_password):
            raise IncorrectPasswordError
        hashed = await ctx.hasher.hash(command.new_password)
        now = ctx.clock.now()
        async with ctx.uow() as uow:
            await require_active_user(uow, command.user_id)
            keep = None
            if command.refresh_token:
                state = await uow.user_sessions.find(digest_refresh_token(command.refresh_token), now)
                if state is not None and state.usable and state.owner_id == command.user_id:
                    keep = state.family_id
            await uow.users.set_password(command.user_id, hashed, now)
            revoked = await uow.user_sessions.revoke_all(command.user_id, now, "password_changed", keep=keep)
            await uow.events.add(
                "password_changed", PrincipalType.USER, command.user_id, now, command.client, {"revoked": revoked}
            )
            await uow.commit()
        await ctx.revoker.revoke_access_tokens(PrincipalType.USER, command.user_id)
        return ctx.tokens.issue(PrincipalType.USER, command.user_id)
