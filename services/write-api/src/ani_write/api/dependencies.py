"""Annotated dependency aliases: handlers built from ``app.state``, the provider parameter, the internal token."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response, Security
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader

from ani_common.auth_deps import CurrentAdmin
from ani_common.errors import ApiError, ErrorCode
from ani_common.readmodels.keys import DEFAULT_PROVIDER, PROVIDER_REGEX
from ani_write.application.admin.models import Actor
from ani_write.application.ports import CatalogQueries, UnitOfWorkFactory, UserDataQueries
from ani_write.config import Settings

__all__ = [
    "AdminActor",
    "CatalogQueriesDep",
    "InternalToken",
    "InternalTokenRoute",
    "Provider",
    "SettingsDep",
    "UnitOfWorkDep",
    "UserQueriesDep",
    "require_internal_token",
]

Provider = Annotated[
    str,
    Query(
        pattern=PROVIDER_REGEX,
        description=f"Data namespace (`{PROVIDER_REGEX}`); our frontend uses `{DEFAULT_PROVIDER}`.",
    ),
]


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


# Dependencies are ``async def``: a plain ``def`` dependency runs in the threadpool (a thread hop per request).
async def _settings(request: Request) -> Settings:
    return settings_of(request)


async def _uow_factory(request: Request) -> UnitOfWorkFactory:
    factory: UnitOfWorkFactory = request.app.state.uow_factory
    return factory


async def _user_queries(request: Request) -> UserDataQueries:
    queries: UserDataQueries = request.app.state.user_queries
    return queries


async def _catalog_queries(request: Request) -> CatalogQueries:
    queries: CatalogQueries = request.app.state.catalog_queries
    return queries


SettingsDep = Annotated[Settings, Depends(_settings)]
UnitOfWorkDep = Annotated[UnitOfWorkFactory, Depends(_uow_factory)]
UserQueriesDep = Annotated[UserDataQueries, Depends(_user_queries)]
CatalogQueriesDep = Annotated[CatalogQueries, Depends(_catalog_queries)]

_internal_header = APIKeyHeader(
    name="X-Internal-Token",
    auto_error=False,
    description="Shared secret of the internal import API; several values are valid during a rotation.",
)


def check_internal_token(request: Request, presented: str | None) -> None:
    """Missing → 401, wrong → 403. Compared in constant time against every configured token (no early exit)."""
    if not presented:
        raise ApiError(401, "Not authenticated", code=ErrorCode.HTTP_ERROR)
    candidate = presented.encode()
    matched = False
    for token in settings_of(request).internal_token:
        matched |= hmac.compare_digest(candidate, token.get_secret_value().encode())
    if not matched:
        raise ApiError(403, "Invalid internal token", code=ErrorCode.HTTP_ERROR)


async def require_internal_token(
    request: Request, presented: Annotated[str | None, Security(_internal_header)]
) -> None:
    """The OpenAPI-visible form of the check (the security scheme); :class:`InternalTokenRoute` runs it first."""
    check_internal_token(request, presented)


InternalToken = Depends(require_internal_token)


class InternalTokenRoute(APIRoute):
    """A route of the internal API: the token is checked before FastAPI reads and parses the body.

    FastAPI reads and decodes a JSON body before it solves any dependency, so a dependency alone would let an
    unauthenticated caller make the service parse import documents (up to megabytes) before being refused.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def token_first(request: Request) -> Response:
            check_internal_token(request, request.headers.get("x-internal-token"))
            return await handler(request)

        return token_first


async def _admin_actor(admin: CurrentAdmin) -> Actor:
    """The authenticated admin (401 without a valid admin token, 403 with a user token), as audit rows name them."""
    return Actor(id=admin.id, email=admin.email)


AdminActor = Annotated[Actor, Depends(_admin_actor)]
