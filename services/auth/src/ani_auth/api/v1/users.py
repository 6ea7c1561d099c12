"""``/api/v1/users/me``."""

from __future__ import annotations

from fastapi import APIRouter

from ani_auth.api.dependencies import AuthCtx, error_responses
from ani_auth.api.schemas import UserRead
from ani_auth.application.get_current_user import GetCurrentUserHandler
from ani_common.auth_deps import CurrentUser

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/users", tags=["users"])


@router.get("/me", summary="The caller's account", responses=error_responses(401))
async def read_me(principal: CurrentUser, ctx: AuthCtx) -> UserRead:
    user = await GetCurrentUserHandler(ctx)(principal.id)
    return UserRead(email=user.email, id=user.id, is_active=user.is_active, created_at=user.created_at)
