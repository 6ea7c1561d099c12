"""Log in with email and password: users and admins (separate accounts, audiences, throttles and errors).

One procedure for both kinds; :class:`LoginKind` holds what differs. Throttles come first: per client IP, then per
(account, client) with backoff and the per-account ceiling (a right password resets the client's backoff), then the
account lookup, then bcrypt with no database connection held (≈0.25 s at cost 12), a dummy check for an
unknown email so that timing does not reveal which emails exist, and only then the active flag.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import (
    AccountDisabledError,
    AdminInactiveError,
    InvalidAdminCredentialsError,
    InvalidCredentialsError,
)
from ani_auth.application.ports import UnitOfWork
from ani_auth.application.results import LoginResult
from ani_auth.application.session_tokens import open_session
from ani_auth.domain.principals import Admin, PrincipalType, User
from ani_auth.domain.sessions import ClientInfo

__all__ = ["ADMIN_LOGIN", "USER_LOGIN", "Login", "LoginHandler", "LoginKind"]


@dataclass(frozen=True, slots=True)
class Login:
    email: str
    password: str
    client: ClientInfo


@dataclass(frozen=True, slots=True)
class LoginKind:
    principal: PrincipalType
    #: throttle action ``<prefix>-ip`` and login kind ``<prefix>`` (per (account, client) backoff)
    throttle_prefix: str
    find: Callable[[UnitOfWork, str], Awaitable[User | Admin | None]]
    invalid: type[Exception]
    inactive: type[Exception]
    event: str
    #: admin sessions carry the email into the access token
    with_email: bool


async def _find_user(uow: UnitOfWork, email: str) -> User | Admin | None:
    return await uow.users.get_by_email(email)


async def _find_admin(uow: UnitOfWork, email: str) -> User | Admin | None:
    return await uow.admins.get_by_email(email)


USER_LOGIN = LoginKind(
    PrincipalType.USER, "login", _find_user, InvalidCredentialsError, AccountDisabledError, "user_login", False
)
ADMIN_LOGIN = LoginKind(
    PrincipalType.ADMIN,
    "admin-login",
    _find_admin,
    InvalidAdminCredentialsError,
    AdminInactiveError,
    "admin_login",
    True,
)


class LoginHandler:
    def __init__(self, ctx: AuthContext, kind: LoginKind) -> None:
        self._ctx = ctx
        self._kind = kind

    async def __call__(self, command: Login) -> LoginResult:
        ctx, kind = self._ctx, self._kind
        client_ip = command.client.ip or "unknown"
        account_key = command.email.lower()
        await ctx.throttle.hit(f"{kind.throttle_prefix}-ip", client_ip)
        await ctx.throttle.login_attempt(kind.throttle_prefix, account_key, client_ip)
        async with ctx.uow() as uow:
            account = await kind.find(uow, command.email)
        # No database connection is held while bcrypt runs.
        if account is None:
            await ctx.hasher.verify_dummy(command.password)
            raise kind.invalid
        if not await ctx.hasher.verify(command.password, account.hashed_password):
            raise kind.invalid
        await ctx.throttle.login_succeeded(kind.throttle_prefix, account_key, client_ip)
        if not account.is_active:
            raise kind.inactive
        async with ctx.uow() as uow:
            return await open_session(
                uow,
                kind=kind.principal,
                owner_id=account.id,
                client=command.client,
                clock=ctx.clock,
                ttl=ctx.refresh_ttl,
                tokens=ctx.tokens,
                event=kind.event,
                email=account.email if kind.with_email else None,
            )
