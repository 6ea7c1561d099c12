"""End the session of the presented refresh token (idempotent: unknown tokens are fine)."""

from __future__ import annotations

from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.domain.principals import PrincipalType
from ani_auth.domain.sessions import ClientInfo, digest_refresh_token

__all__ = ["LogoutSession", "LogoutSessionHandler"]


@dataclass(frozen=True, slots=True)
class LogoutSession:
    kind: PrincipalType
    refresh_token: str | None
    client: ClientInfo


class LogoutSessionHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: LogoutSession) -> None:
        if not command.refresh_token:
            return
        ctx = self._ctx
        now = ctx.clock.now()
        async with ctx.uow() as uow:
            sessions = uow.sessions_of(command.kind)
            state = await sessions.find(digest_refresh_token(command.refresh_token), now)
            if state is None or state.revoked or state.rotated:
                return
            await sessions.revoke_family(state.family_id, now, "logout")
            await uow.events.add("logout", command.kind, state.owner_id, now, command.client)
            await uow.commit()
