"""Revocable admin accounts: list, disable / enable, sign out everywhere, password change (API and CLI).

Disabling and signing out revoke every admin refresh session in the same transaction and then record ``not_before``
for ``admin:<id>`` in the access-token revocation list that every service polls, exactly as for disabled users: the
admin's live access tokens stop working everywhere within about a second. A password change does the same for every
session but the caller's (API) or for all of them (CLI reset, no caller session).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import (
    AdminNotFoundError,
    CannotDisableSelfError,
    IncorrectPasswordError,
    PrincipalUnavailableError,
)
from ani_auth.application.ports import IssuedAccessToken, UnitOfWork
from ani_auth.domain.passwords import check_new_password
from ani_auth.domain.principals import Admin, PrincipalType
from ani_auth.domain.sessions import ClientInfo, digest_refresh_token

__all__ = [
    "AdminRef",
    "ChangeAdminPassword",
    "ChangeAdminPasswordHandler",
    "ListAdminsHandler",
    "LogoutAdminEverywhere",
    "LogoutAdminEverywhereHandler",
    "SetAdminActive",
    "SetAdminActiveHandler",
    "require_active_admin",
]

#: An admin by id (API) or by e-mail (CLI).
AdminRef = int | str


async def require_active_admin(uow: UnitOfWork, admin_id: int) -> Admin:
    admin = await uow.admins.get(admin_id)
    if admin is None or not admin.is_active:
        raise PrincipalUnavailableError
    return admin


async def _find(uow: UnitOfWork, ref: AdminRef) -> Admin:
    admin = await (uow.admins.get(ref) if isinstance(ref, int) else uow.admins.get_by_email(ref))
    if admin is None:
        raise AdminNotFoundError
    return admin


class ListAdminsHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, actor_id: int) -> Sequence[Admin]:
        async with self._ctx.uow() as uow:
            await require_active_admin(uow, actor_id)
            return await uow.admins.list_all()


@dataclass(frozen=True, slots=True)
class SetAdminActive:
    target: AdminRef
    active: bool
    #: the acting admin (API); ``None`` from the CLI
    actor_id: int | None = None
    client: ClientInfo | None = None


class SetAdminActiveHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: SetAdminActive) -> Admin:
        ctx = self._ctx
        now = ctx.clock.now()
        async with ctx.uow() as uow:
            if command.actor_id is not None:
                await require_active_admin(uow, command.actor_id)
            admin = await _find(uow, command.target)
            if not command.active and admin.id == command.actor_id:
                raise CannotDisableSelfError
            await uow.admins.set_active(admin.id, command.active, now)
            revoked = 0
            if not command.active:
                revoked = await uow.admin_sessions.revoke_all(admin.id, now, "account_disabled")
            await uow.events.add(
                "admin_enabled" if command.active else "admin_disabled",
                PrincipalType.ADMIN,
                admin.id,
                now,
                command.client,
                {"revoked": revoked, "by_admin_id": command.actor_id},
            )
            updated = await uow.admins.get(admin.id)
            await uow.commit()
        if not command.active:
            await ctx.revoker.revoke_access_tokens(PrincipalType.ADMIN, admin.id)
        assert updated is not None  # noqa: S101 - read in the transaction that changed it
        return updated


@dataclass(frozen=True, slots=True)
class LogoutAdminEverywhere:
    target: AdminRef
    actor_id: int | None = None
    client: ClientInfo | None = None


class LogoutAdminEverywhereHandler:
    """End every session of an admin and make every service reject their current access tokens."""

    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: LogoutAdminEverywhere) -> tuple[Admin, int]:
        ctx = self._ctx
        now = ctx.clock.now()
        async with ctx.uow() as uow:
            if command.actor_id is not None:
                await require_active_admin(uow, command.actor_id)
            admin = await _find(uow, command.target)
            revoked = await uow.admin_sessions.revoke_all(admin.id, now, "logout_all")
            await uow.events.add(
                "admin_logout_all",
                PrincipalType.ADMIN,
                admin.id,
                now,
                command.client,
                {"revoked": revoked, "by_admin_id": command.actor_id},
            )
            await uow.commit()
        await ctx.revoker.revoke_access_tokens(PrincipalType.ADMIN, admin.id)
        return admin, revoked


@dataclass(frozen=True, slots=True)
class ChangeAdminPassword:
    target: AdminRef
    new_password: str
    #: required from the API (the caller proves it knows the password); ``None`` for the operator's CLI reset
    current_password: str | None = None
    #: the caller's admin refresh cookie: that session stays, every other one is revoked
    refresh_token: str | None = None
    client: ClientInfo | None = None


class ChangeAdminPasswordHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: ChangeAdminPassword) -> IssuedAccessToken | None:
        """Returns a fresh admin access token (minted after the revocation) when the caller proved the password."""
        ctx = self._ctx
        check_new_password(command.new_password)
        async with ctx.uow() as uow:
            try:
                admin = await _find(uow, command.target)
            except AdminNotFoundError:
                if command.current_password is not None:  # the caller's own account is gone
                    raise PrincipalUnavailableError from None
                raise
        if command.current_password is not None:
            await ctx.throttle.hit("admin-password-change", str(admin.id))
            if not admin.is_active:
                raise PrincipalUnavailableError
            if not await ctx.hasher.verify(command.current_password, admin.hashed_password):
                raise IncorrectPasswordError
        hashed = await ctx.hasher.hash(command.new_password)
        now = ctx.clock.now()
        async with ctx.uow() as uow:
            keep = None
            if command.refresh_token:
                state = await uow.admin_sessions.find(digest_refresh_token(command.refresh_token), now)
                if state is not None and state.usable and state.owner_id == admin.id:
                    keep = state.family_id
            await uow.admins.set_password(admin.id, hashed, now)
            revoked = await uow.admin_sessions.revoke_all(admin.id, now, "password_changed", keep=keep)
            await uow.events.add(
                "admin_password_changed",
                PrincipalType.ADMIN,
                admin.id,
                now,
                command.client,
                {"revoked": revoked, "reset": command.current_password is None},
            )
            await uow.commit()
        await ctx.revoker.revoke_access_tokens(PrincipalType.ADMIN, admin.id)
        if command.current_password is None:
            return None
        return ctx.tokens.issue(PrincipalType.ADMIN, admin.id, email=admin.email)
