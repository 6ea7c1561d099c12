"""Annotated dependency aliases: the use case handlers and query ports the composition root (``ani_write.bootstrap``)
put on ``app.state``, the provider parameter, the internal token, the acting admin."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response, Security
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader

from ani_common.auth_deps import CurrentAdmin
from ani_common.errors import ApiError, ErrorCode
from ani_common.readmodels.keys import DEFAULT_PROVIDER, PROVIDER_REGEX
from ani_write.application.admin.attach_episode import AttachEpisodeHandler
from ani_write.application.admin.create_anime import CreateAnimeHandler
from ani_write.application.admin.create_episode import CreateEpisodeHandler
from ani_write.application.admin.create_video import CreateVideoHandler
from ani_write.application.admin.delete_resource import DeleteResourceHandler
from ani_write.application.admin.detach_episode import DetachEpisodeHandler
from ani_write.application.admin.models import (
    Actor,
    AdminAnime,
    AdminEpisode,
    AdminVideo,
    AnimeChanges,
    EpisodeChanges,
    VideoChanges,
)
from ani_write.application.admin.ports import AdminQueries
from ani_write.application.admin.release_locks import ReleaseLocksHandler
from ani_write.application.admin.request_rebuild import RequestRebuildHandler
from ani_write.application.admin.update_resource import UpdateResourceHandler
from ani_write.application.commands.clear_history import ClearHistoryHandler
from ani_write.application.commands.delete_history_entry import DeleteHistoryEntryHandler
from ani_write.application.commands.delete_library_item import DeleteLibraryItemHandler
from ani_write.application.commands.import_anime import ImportAnimeHandler
from ani_write.application.commands.import_episodes import ImportEpisodesHandler
from ani_write.application.commands.import_legacy_data import ImportLegacyDataHandler
from ani_write.application.commands.import_titles import ImportTitlesHandler
from ani_write.application.commands.import_video import ImportVideoHandler
from ani_write.application.commands.put_library_item import PutLibraryItemHandler
from ani_write.application.ports import CatalogQueries, UserDataQueries
from ani_write.config import Settings

__all__ = [
    "AdminActor",
    "AdminQueriesDep",
    "CatalogQueriesDep",
    "Handlers",
    "HandlersDep",
    "InternalToken",
    "InternalTokenRoute",
    "Provider",
    "SettingsDep",
    "UserQueriesDep",
    "require_internal_token",
]


@dataclass(frozen=True, slots=True)
class Handlers:
    """The write use cases the routes call, built once by ``ani_write.bootstrap`` (``app.state.handlers``). The
    progress PUT's handler is ``app.state.record_progress_handler`` (``ani_write.api.v1.me``), shared with the fast
    path. Reads call the query ports directly."""

    # the caller's data
    put_library_item: PutLibraryItemHandler
    delete_library_item: DeleteLibraryItemHandler
    delete_history_entry: DeleteHistoryEntryHandler
    clear_history: ClearHistoryHandler
    import_legacy_data: ImportLegacyDataHandler
    # the internal import
    import_titles: ImportTitlesHandler
    import_anime: ImportAnimeHandler
    import_episodes: ImportEpisodesHandler
    import_video: ImportVideoHandler
    # admin curation
    create_anime: CreateAnimeHandler
    update_anime: UpdateResourceHandler[AdminAnime, AnimeChanges]
    delete_anime: DeleteResourceHandler[AdminAnime, AnimeChanges]
    release_anime_locks: ReleaseLocksHandler[AdminAnime, AnimeChanges]
    create_episode: CreateEpisodeHandler
    update_episode: UpdateResourceHandler[AdminEpisode, EpisodeChanges]
    attach_episode: AttachEpisodeHandler
    detach_episode: DetachEpisodeHandler
    delete_episode: DeleteResourceHandler[AdminEpisode, EpisodeChanges]
    release_episode_locks: ReleaseLocksHandler[AdminEpisode, EpisodeChanges]
    create_video: CreateVideoHandler
    update_video: UpdateResourceHandler[AdminVideo, VideoChanges]
    delete_video: DeleteResourceHandler[AdminVideo, VideoChanges]
    release_video_locks: ReleaseLocksHandler[AdminVideo, VideoChanges]
    request_rebuild: RequestRebuildHandler


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


def _from_state(name: str) -> Callable[[Request], Coroutine[Any, Any, Any]]:
    """A dependency returning ``app.state.<name>``. ``async def``: a plain ``def`` dependency runs in the threadpool
    (a thread hop per request)."""

    async def dependency(request: Request) -> Any:
        return getattr(request.app.state, name)

    return dependency


SettingsDep = Annotated[Settings, Depends(_from_state("settings"))]
HandlersDep = Annotated[Handlers, Depends(_from_state("handlers"))]
UserQueriesDep = Annotated[UserDataQueries, Depends(_from_state("user_queries"))]
CatalogQueriesDep = Annotated[CatalogQueries, Depends(_from_state("catalog_queries"))]
AdminQueriesDep = Annotated[AdminQueries, Depends(_from_state("admin_queries"))]

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
