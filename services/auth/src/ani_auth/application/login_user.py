"""Log a user in with email and password."""

from __future__ import annotations

from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import AccountDisabledError, InvalidCredentialsError
from ani_auth.application.results import LoginResult
from ani_auth.application.session_tokens import open_session
from ani_auth.domain.principals import PrincipalType
from ani_auth.domain.sessions import ClientInfo

__all__ = ["LoginUser", "LoginUserHandler"]


@dataclass(frozen=True, slots=True)
class LoginUser:
    email: str
    password: str
    client: ClientInfo


class LoginUserHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: LoginUser) -> LoginResult:
        ctx = self._ctx
        await ctx.throttle.hit("login-ip", command.client.ip or "unknown")
        await ctx.throttle.hit("login-account", command.email.lower())
        async with ctx.uow() as uow:
            user = await uow.users.get_by_email(command.email)
        # No database connection is held while bcrypt runs (≈0.25 s at cost 12).
        if user is None:
            await ctx.hasher.verify_dummy(command.password)
            raise InvalidCredentialsError
        if not await ctx.hasher.verify(command.password, user.hashed_password):
            raise InvalidCredentialsError
        if not user.is_active:
            raise AccountDisabledError
        async with ctx.uow() as uow:
            return await open_session(
                uow,
                kind=PrincipalType.USER,
                owner_id=user.id,
                client=command.client,
                clock=ctx.clock,
                ttl=ctx.refresh_ttl,
                tokens=ctx.tokens,
                event="user_login",
            )
