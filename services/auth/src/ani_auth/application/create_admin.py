"""Create an admin account (CLI only)."""

from __future__ import annotations

from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.domain.passwords import check_new_password
from ani_auth.domain.principals import Admin, PrincipalType

__all__ = ["CreateAdmin", "CreateAdminHandler"]


@dataclass(frozen=True, slots=True)
class CreateAdmin:
    email: str
    username: str
    password: str


class CreateAdminHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: CreateAdmin) -> Admin:
        check_new_password(command.password)
        hashed = await self._ctx.hasher.hash(command.password)
        now = self._ctx.clock.now()
        async with self._ctx.uow() as uow:
            admin = await uow.admins.add(command.email, command.username, hashed, now)
            await uow.events.add("admin_created", PrincipalType.ADMIN, admin.id, now)
            await uow.commit()
        return admin
