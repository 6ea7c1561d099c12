"""Log an admin in (separate accounts, separate audience, separate refresh cookie)."""

from __future__ import annotations

from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import AdminInactiveError, InvalidAdminCredentialsError
from ani_auth.application.results import LoginResult
from ani_auth.application.session_tokens import open_session
from ani_auth.domain.principals import PrincipalType
from ani_auth.domain.sessions import ClientInfo

__all__ = ["LoginAdmin", "LoginAdminHandler"]


@dataclass(frozen=True, slots=True)
class LoginAdmin:
    email: str
    password: str
    client: ClientInfo


class LoginAdminHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: LoginAdmin) -> LoginResult:
        ctx = self._ctx
        await ctx.throttle.hit("admin-login-ip", command.client.ip or "unknown")
        await ctx.throttle.hit("admin-login-account", command.email.lower())
        async with ctx.uow() as uow:
            admin = await uow.admins.get_by_email(command.email)
        if admin is None:
            await ctx.hasher.verify_dummy(command.password)
            raise InvalidAdminCredentialsError
        if not await ctx.hasher.verify(command.password, admin.hashed_password):
            raise InvalidAdminCredentialsError
        if not admin.is_active:
            raise AdminInactiveError
        async with ctx.uow() as uow:
            return await open_session(
                uow,
                kind=PrincipalType.ADMIN,
                owner_id=admin.id,
                client=command.client,
                clock=ctx.clock,
                ttl=ctx.refresh_ttl,
                tokens=ctx.tokens,
                event="admin_login",
                email=admin.email,
            )
