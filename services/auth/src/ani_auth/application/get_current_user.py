"""The caller's account, checked against the database (disabled accounts are rejected)."""

from __future__ import annotations

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import PrincipalUnavailableError
from ani_auth.application.ports import UnitOfWork
from ani_auth.domain.principals import User

__all__ = ["GetCurrentUserHandler", "require_active_user"]


async def require_active_user(uow: UnitOfWork, user_id: int) -> User:
    user = await uow.users.get(user_id)
    if user is None or not user.is_active:
        raise PrincipalUnavailableError
    return user


class GetCurrentUserHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, user_id: int) -> User:
        async with self._ctx.uow() as uow:
            return await require_active_user(uow, user_id)
