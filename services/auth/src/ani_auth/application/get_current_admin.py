"""The calling admin, checked against the database."""

from __future__ import annotations

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import PrincipalUnavailableError
from ani_auth.domain.principals import Admin

__all__ = ["GetCurrentAdminHandler"]


class GetCurrentAdminHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, admin_id: int) -> Admin:
        async with self._ctx.uow() as uow:
            admin = await uow.admins.get(admin_id)
        if admin is None or not admin.is_active:
            raise PrincipalUnavailableError
        return admin
