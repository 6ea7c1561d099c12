"""auth's part of ``/api/v1/admin`` (the rest is write-api's).

Session routes: ``login``, ``me``, ``refresh``, ``logout``. Admin accounts (admin token, checked against the database
on every call): ``GET /admins``, ``PATCH /admins/{id}`` (disable / enable), ``DELETE /admins/{id}/sessions`` (sign
an admin out everywhere), ``PUT /me/password`` and ``DELETE /me/sessions``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Path, Response

from ani_auth.api.cookies import ADMIN_REFRESH_COOKIE
from ani_auth.api.csrf import require_allowed_origin
from ani_auth.api.dependencies import AuthCtx, Client, ServiceConfig, error_responses
from ani_auth.api.schemas import (
    AdminLoginRequest,
    AdminPasswordChangeRequest,
    AdminRead,
    AdminUpdateRequest,
    MessageResponse,
    TokenResponse,
)
from ani_auth.api.v1.accounts import REFRESH_TOKEN_NOT_FOUND
from ani_auth.application.errors import PrincipalUnavailableError
from ani_auth.application.get_current_admin import GetCurrentAdminHandler
from ani_auth.application.logout_session import LogoutSession, LogoutSessionHandler
from ani_auth.application.manage_admins import (
    ChangeAdminPassword,
    ChangeAdminPasswordHandler,
    ListAdminsHandler,
    LogoutAdminEverywhere,
    LogoutAdminEverywhereHandler,
    SetAdminActive,
    SetAdminActiveHandler,
)
from ani_auth.application.password_login import ADMIN_LOGIN, Login, LoginHandler
from ani_auth.application.refresh_session import RefreshSession, RefreshSessionHandler
from ani_auth.domain.principals import Admin, PrincipalType
from ani_common.auth_deps import BEARER_CHALLENGE, INVALID_ADMIN, CurrentAdmin
from ani_common.errors import ApiError

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])

AdminRefreshCookieValue = Annotated[str | None, Cookie(alias="admin_refresh_token")]
AdminId = Annotated[int, Path(ge=1, le=2_147_483_647)]
LOGGED_OUT_EVERYWHERE = "Logged out from all sessions"


@contextmanager
def _as_admin() -> Iterator[None]:
    """A valid admin token whose admin is gone or disabled: 401 as ``ani_common.auth_deps`` answers."""
    try:
        yield
    except PrincipalUnavailableError:
        raise ApiError(401, INVALID_ADMIN, headers=BEARER_CHALLENGE) from None


def _read(admin: Admin) -> AdminRead:
    return AdminRead(
        id=admin.id, email=admin.email, username=admin.username, is_active=admin.is_active, created_at=admin.created_at
    )


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
    with _as_admin():
        admin = await GetCurrentAdminHandler(ctx)(principal.id)
    return _read(admin)


@router.post(
    "/refresh",
    summary="Rotate the admin refresh cookie and get a new admin access token",
    description="Refused (403) when `Origin` (else `Referer`) is present and not an allowed origin.",
    responses=error_responses(401, 403, 429),
    dependencies=[Depends(require_allowed_origin)],
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


@router.post(
    "/logout",
    summary="End this admin session (always succeeds) and delete the admin refresh cookie",
    description="Refused (403) when `Origin` (else `Referer`) is present and not an allowed origin.",
    responses=error_responses(403),
    dependencies=[Depends(require_allowed_origin)],
)
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


@router.put(
    "/me/password",
    summary="Change the calling admin's password; their other sessions and older access tokens stop working",
    responses=error_responses(400, 401, 403, 422, 429),
)
async def change_admin_password(
    body: AdminPasswordChangeRequest,
    principal: CurrentAdmin,
    ctx: AuthCtx,
    client: Client,
    admin_refresh_token: AdminRefreshCookieValue = None,
) -> TokenResponse:
    with _as_admin():
        access = await ChangeAdminPasswordHandler(ctx)(
            ChangeAdminPassword(
                target=principal.id,
                current_password=body.current_password,
                new_password=body.new_password,
                refresh_token=admin_refresh_token,
                client=client,
            )
        )
    assert access is not None  # noqa: S101 - a caller-proved change always answers with a token
    return TokenResponse(access_token=access.token)


@router.delete(
    "/me/sessions",
    summary="Sign the calling admin out everywhere: every session ends, every access token stops working",
    responses=error_responses(401, 403),
)
async def logout_admin_everywhere(
    principal: CurrentAdmin, response: Response, ctx: AuthCtx, client: Client, settings: ServiceConfig
) -> MessageResponse:
    with _as_admin():
        await LogoutAdminEverywhereHandler(ctx)(
            LogoutAdminEverywhere(target=principal.id, actor_id=principal.id, client=client)
        )
    ADMIN_REFRESH_COOKIE.delete(response, settings)
    return MessageResponse(message=LOGGED_OUT_EVERYWHERE)


@router.get("/admins", summary="Every admin account", responses=error_responses(401, 403))
async def list_admins(principal: CurrentAdmin, ctx: AuthCtx) -> list[AdminRead]:
    with _as_admin():
        admins = await ListAdminsHandler(ctx)(principal.id)
    return [_read(admin) for admin in admins]


@router.patch(
    "/admins/{admin_id}",
    summary="Disable or enable an admin; disabling ends their sessions and revokes their access tokens",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def update_admin(
    admin_id: AdminId, body: AdminUpdateRequest, principal: CurrentAdmin, ctx: AuthCtx, client: Client
) -> AdminRead:
    with _as_admin():
        admin = await SetAdminActiveHandler(ctx)(
            SetAdminActive(target=admin_id, active=body.is_active, actor_id=principal.id, client=client)
        )
    return _read(admin)


@router.delete(
    "/admins/{admin_id}/sessions",
    summary="Sign an admin out everywhere: every session ends, every access token stops working",
    responses=error_responses(401, 403, 404, 422),
)
async def logout_other_admin_everywhere(
    admin_id: AdminId,
    principal: CurrentAdmin,
    response: Response,
    ctx: AuthCtx,
    client: Client,
    settings: ServiceConfig,
) -> MessageResponse:
    with _as_admin():
        await LogoutAdminEverywhereHandler(ctx)(
            LogoutAdminEverywhere(target=admin_id, actor_id=principal.id, client=client)
        )
    if admin_id == principal.id:
        ADMIN_REFRESH_COOKIE.delete(response, settings)
    return MessageResponse(message=LOGGED_OUT_EVERYWHERE)
