"""``/api/v1/auth``: register, login, refresh, logout, sessions, logout-all, password change."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from ani_auth.api.cookies import LEGACY_USER_REFRESH_COOKIE, USER_REFRESH_COOKIE, PresentedCookie, user_refresh_token
from ani_auth.api.csrf import require_allowed_origin
from ani_auth.api.dependencies import AuthCtx, Client, ServiceConfig, error_responses
from ani_auth.api.schemas import (
    LoginRequest,
    MessageResponse,
    PasswordChangeRequest,
    RegisterRequest,
    SessionRead,
    TokenResponse,
)
from ani_auth.application.change_password import ChangePassword, ChangePasswordHandler
from ani_auth.application.list_sessions import ListSessions, ListSessionsHandler
from ani_auth.application.logout_everywhere import LogoutEverywhere, LogoutEverywhereHandler
from ani_auth.application.logout_session import LogoutSession, LogoutSessionHandler
from ani_auth.application.password_login import USER_LOGIN, Login, LoginHandler
from ani_auth.application.refresh_session import RefreshSession, RefreshSessionHandler
from ani_auth.application.register_user import RegisterUser, RegisterUserHandler
from ani_auth.application.results import LoginResult
from ani_auth.application.revoke_session import RevokeSession, RevokeSessionHandler
from ani_auth.config import Settings
from ani_auth.domain.principals import PrincipalType
from ani_common.auth_deps import CurrentUser
from ani_common.errors import ApiError

__all__ = ["REFRESH_TOKEN_NOT_FOUND", "router"]

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

REFRESH_TOKEN_NOT_FOUND = "Refresh token not found"  # noqa: S105 - an error message
RefreshCookieValue = Annotated[PresentedCookie, Depends(user_refresh_token)]


def _tokens(response: Response, result: LoginResult, settings: Settings) -> TokenResponse:
    USER_REFRESH_COOKIE.set(response, result.refresh_token, settings)
    return TokenResponse(access_token=result.access.token)


def _drop_legacy_cookie(response: Response, presented: PresentedCookie, settings: Settings) -> None:
    if presented.duplicated:
        LEGACY_USER_REFRESH_COOKIE.delete(response, settings)


@router.post(
    "/register",
    status_code=201,
    summary="Create an account; sets the refresh cookie",
    responses=error_responses(400, 422, 429),
)
async def register(
    body: RegisterRequest, response: Response, ctx: AuthCtx, client: Client, settings: ServiceConfig
) -> TokenResponse:
    result = await RegisterUserHandler(ctx)(RegisterUser(email=str(body.email), password=body.password, client=client))
    return _tokens(response, result, settings)


@router.post(
    "/login",
    summary="Log in with e-mail and password; sets the refresh cookie",
    responses=error_responses(401, 422, 429),
)
async def login(
    body: LoginRequest, response: Response, ctx: AuthCtx, client: Client, settings: ServiceConfig
) -> TokenResponse:
    result = await LoginHandler(ctx, USER_LOGIN)(Login(email=str(body.email), password=body.password, client=client))
    return _tokens(response, result, settings)


@router.post(
    "/refresh",
    summary="Rotate the refresh cookie and get a new access token",
    description="Refused (403) when `Origin` (else `Referer`) is present and not an allowed origin.",
    responses=error_responses(401, 403, 429),
    dependencies=[Depends(require_allowed_origin)],
)
async def refresh(
    response: Response, ctx: AuthCtx, client: Client, settings: ServiceConfig, presented: RefreshCookieValue
) -> TokenResponse:
    if not presented.value:
        raise ApiError(401, REFRESH_TOKEN_NOT_FOUND)
    result = await RefreshSessionHandler(ctx)(
        RefreshSession(kind=PrincipalType.USER, refresh_token=presented.value, client=client)
    )
    _drop_legacy_cookie(response, presented, settings)
    return _tokens(response, result, settings)


@router.post(
    "/logout",
    summary="End this session (always succeeds) and delete the refresh cookie",
    description="Refused (403) when `Origin` (else `Referer`) is present and not an allowed origin.",
    responses=error_responses(403),
    dependencies=[Depends(require_allowed_origin)],
)
async def logout(
    response: Response, ctx: AuthCtx, client: Client, settings: ServiceConfig, presented: RefreshCookieValue
) -> MessageResponse:
    await LogoutSessionHandler(ctx)(
        LogoutSession(kind=PrincipalType.USER, refresh_token=presented.value, client=client)
    )
    USER_REFRESH_COOKIE.delete(response, settings)
    _drop_legacy_cookie(response, presented, settings)
    return MessageResponse(message="Logged out successfully")


@router.get(
    "/sessions",
    summary="The caller's live sessions",
    responses=error_responses(401),
)
async def list_sessions(principal: CurrentUser, ctx: AuthCtx, presented: RefreshCookieValue) -> list[SessionRead]:
    found = await ListSessionsHandler(ctx)(ListSessions(user_id=principal.id, refresh_token=presented.value))
    return [
        SessionRead(
            id=session.id,
            created_at=session.created_at,
            last_used_at=session.last_used_at,
            expires_at=session.expires_at,
            user_agent=session.user_agent,
            ip=session.ip,
            current=session.id == found.current,
        )
        for session in found.sessions
    ]


@router.delete(
    "/sessions/{session_id}",
    summary="Revoke one of the caller's sessions",
    responses=error_responses(401, 404, 422),
)
async def revoke_session(session_id: UUID, principal: CurrentUser, ctx: AuthCtx, client: Client) -> MessageResponse:
    await RevokeSessionHandler(ctx)(RevokeSession(user_id=principal.id, session_id=session_id, client=client))
    return MessageResponse(message="Session revoked")


@router.post(
    "/logout-all",
    summary="End every session of the caller and revoke their access tokens",
    responses=error_responses(401),
)
async def logout_all(
    principal: CurrentUser, response: Response, ctx: AuthCtx, client: Client, settings: ServiceConfig
) -> MessageResponse:
    await LogoutEverywhereHandler(ctx)(LogoutEverywhere(user_id=principal.id, client=client))
    USER_REFRESH_COOKIE.delete(response, settings)
    return MessageResponse(message="Logged out from all sessions")


@router.post(
    "/password",
    summary="Change the password; other sessions and older access tokens stop working",
    responses=error_responses(400, 401, 422, 429),
)
async def change_password(
    body: PasswordChangeRequest,
    principal: CurrentUser,
    ctx: AuthCtx,
    client: Client,
    presented: RefreshCookieValue,
) -> TokenResponse:
    access = await ChangePasswordHandler(ctx)(
        ChangePassword(
            user_id=principal.id,
            current_password=body.current_password,
            new_password=body.new_password,
            refresh_token=presented.value,
            client=client,
        )
    )
    return TokenResponse(access_token=access.token)
