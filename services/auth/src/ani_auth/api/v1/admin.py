"""``/api/v1/admin/{login,me,refresh,logout}`` (the rest of ``/api/v1/admin`` is write-api's)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Response

from ani_auth.api.cookies import ADMIN_REFRESH_COOKIE
from ani_auth.api.dependencies import AuthCtx, Client, ServiceConfig, error_responses
from ani_auth.api.schemas import AdminLoginRequest, AdminRead, MessageResponse, TokenResponse
from ani_auth.api.v1.accounts import REFRESH_TOKEN_NOT_FOUND
from ani_auth.application.errors import PrincipalUnavailableError
from ani_auth.application.get_current_admin import GetCurrentAdminHandler
from ani_auth.application.logout_session import LogoutSession, LogoutSessionHandler
from ani_auth.application.password_login import ADMIN_LOGIN, Login, LoginHandler
from ani_auth.application.refresh_session import RefreshSession, RefreshSessionHandler
from ani_auth.domain.principals import PrincipalType
from ani_common.auth_deps import BEARER_CHALLENGE, INVALID_ADMIN, CurrentAdmin
from ani_common.errors import ApiError

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])

AdminRefreshCookieValue = Annotated[str | None, Cookie(alias="admin_refresh_token")]


@router.post(
    "/login",
    summary="Admin login; sets the admin refresh cookie (Path /api/v1/admin)",
    responses=error_responses(401, 403, 422, 429),
)
async def admin_login(
    body: AdminLoginRequest, response: Response, ctx: AuthCtx, client: Client, settings: ServiceConfig
) -> TokenResponse:
    result = await LoginHandler(ctx, ADMIN_LOGIN)(Login(email=str(body.email), password=body.password, client=client))
    ADMIN_REFRESH_COOKIE.set(response, result.refresh_token, settings)
    return TokenResponse(access_token=result.access.token)


@router.get("/me", summary="The calling admin", responses=error_responses(401, 403))
async def admin_me(principal: CurrentAdmin, ctx: AuthCtx) -> AdminRead:
    try:
        admin = await GetCurrentAdminHandler(ctx)(principal.id)
    except PrincipalUnavailableError:
        raise ApiError(401, INVALID_ADMIN, headers=BEARER_CHALLENGE) from None
    return AdminRead(
        id=admin.id, email=admin.email, username=admin.username, is_active=admin.is_active, created_at=admin.created_at
    )


@router.post(
    "/refresh",
    summary="Rotate the admin refresh cookie and get a new admin access token",
    responses=error_responses(401, 429),
)
async def admin_refresh(
    response: Response,
    ctx: AuthCtx,
    client: Client,
    settings: ServiceConfig,
    admin_refresh_token: AdminRefreshCookieValue = None,
) -> TokenResponse:
    if not admin_refresh_token:
        raise ApiError(401, REFRESH_TOKEN_NOT_FOUND)
    result = await RefreshSessionHandler(ctx)(
        RefreshSession(kind=PrincipalType.ADMIN, refresh_token=admin_refresh_token, client=client)
    )
    ADMIN_REFRESH_COOKIE.set(response, result.refresh_token, settings)
    return TokenResponse(access_token=result.access.token)


@router.post("/logout", summary="End this admin session (always succeeds) and delete the admin refresh cookie")
async def admin_logout(
    response: Response,
    ctx: AuthCtx,
    client: Client,
    settings: ServiceConfig,
    admin_refresh_token: AdminRefreshCookieValue = None,
) -> MessageResponse:
    await LogoutSessionHandler(ctx)(
        LogoutSession(kind=PrincipalType.ADMIN, refresh_token=admin_refresh_token, client=client)
    )
    ADMIN_REFRESH_COOKIE.delete(response, settings)
    return MessageResponse(message="Logged out successfully")
