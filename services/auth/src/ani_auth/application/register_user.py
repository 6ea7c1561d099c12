"""Register a user account and open its first session."""

from __future__ import annotations

from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import EmailAlreadyRegisteredError
from ani_auth.application.results import LoginResult
from ani_auth.application.session_tokens import open_session
from ani_auth.domain.principals import PrincipalType
from ani_auth.domain.sessions import ClientInfo

__all__ = ["RegisterUser", "RegisterUserHandler"]


@dataclass(frozen=True, slots=True)
class RegisterUser:
    email: str
    password: str
    client: ClientInfo


class RegisterUserHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: RegisterUser) -> LoginResult:
        ctx = self._ctx
        await ctx.throttle.hit("register", command.client.ip or "unknown")
        async with ctx.uow() as uow:
            if await uow.users.get_by_email(command.email) is not None:
                raise EmailAlreadyRegisteredError
        hashed = await ctx.hasher.hash(command.password)
        async with ctx.uow() as uow:
            # The unique index on lower(email) settles concurrent registrations: the loser gets the same error.
            user = await uow.users.add(command.email, hashed, ctx.clock.now())
            return await open_session(
                uow,
                kind=PrincipalType.USER,
                owner_id=user.id,
                client=command.client,
                clock=ctx.clock,
                ttl=ctx.refresh_ttl,
                tokens=ctx.tokens,
                event="user_registered",
            )
