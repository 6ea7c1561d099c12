"""Admin dashboard and anime curation: list, get, create, edit, delete, lock release (``docs/contract.md``)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Query
from fastapi.responses import Response

from ani_write.api.dependencies import AdminActor, AdminQueriesDep, HandlersDep, SettingsDep
from ani_write.api.responses import json_response
from ani_write.api.v1.admin_common import CONFLICT, NOT_FOUND, admin_router, audit_log, no_content, page
from ani_write.api.v1.admin_schemas import (
    AdminAnimeCreate,
    AdminAnimeDetailRead,
    AdminAnimePageRead,
    AdminAnimeUpdate,
    AdminEpisodeListRead,
    AnimeLockField,
    DashboardRead,
)
from ani_write.api.v1.schemas import check_plain_http
from ani_write.application.admin.create_anime import CreateAnime
from ani_write.application.admin.delete_resource import DeleteResource
from ani_write.application.admin.models import AnimeListFilter
from ani_write.application.admin.release_locks import ReleaseLocks
from ani_write.application.admin.update_resource import UpdateResource
from ani_write.application.errors import AnimeNotFoundError

__all__ = ["router"]

router = admin_router()


@router.get("/dashboard", response_model=DashboardRead)
async def dashboard(queries: AdminQueriesDep) -> Response:
    """Counts over all rows; the five newest anime and episodes (``created_at`` with ``+00:00``, as before)."""
    result = await queries.dashboard()
    return json_response(
        {
            "total_anime": result.total_anime,
            "active_anime": result.active_anime,
            "inactive_anime": result.inactive_anime,
            "total_episodes": result.total_episodes,
            "total_video_sources": result.total_video_sources,
            "recent_anime": [
                {"id": str(item.id), "title": item.title, "created_at": item.created_at.isoformat()}
                for item in result.recent_anime
            ],
            "recent_episodes": [
                {
                    "id": str(item.id),
                    "anime_id": str(item.anime_id),
                    "number": item.number,
                    "created_at": item.created_at.isoformat(),
                }
                for item in result.recent_episodes
            ],
            "recent_changes": [audit_log(entry) for entry in result.recent_changes],
            "pending_rebuild_jobs": result.pending_rebuild_jobs,
        }
    )


@router.get("/anime", response_model=AdminAnimePageRead)
async def list_anime(
    queries: AdminQueriesDep,
    page_: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    search: Annotated[str | None, Query(max_length=200, description="Substring of title or slug")] = None,
    is_active: bool | None = None,
    source_name: Annotated[str | None, Query(max_length=255)] = None,
) -> Response:
    """Every anime (inactive included), most recently updated first."""
    query = AnimeListFilter(
        page=page_, per_page=per_page, search=search or None, is_active=is_active, source_name=source_name
    )
    return json_response(page(await queries.list_anime(query)))


@router.post("/anime", status_code=201, response_model=AdminAnimeDetailRead, responses=CONFLICT)
async def create_anime(
    body: AdminAnimeCreate, actor: AdminActor, handlers: HandlersDep, settings: SettingsDep
) -> Response:
    """Create an anime by hand (``source_name`` ``admin``); the slug is derived from the title unless given."""
    check_plain_http(settings, [(("poster",), body.poster)])
    anime = await handlers.create_anime(CreateAnime(actor, body.values()))
    return json_response(anime, status_code=201)


@router.get("/anime/{anime_id}", response_model=AdminAnimeDetailRead, responses=NOT_FOUND)
async def get_anime(anime_id: UUID, queries: AdminQueriesDep) -> Response:
    anime = await queries.anime(anime_id)
    if anime is None:
        raise AnimeNotFoundError
    return json_response(anime)


@router.patch("/anime/{anime_id}", response_model=AdminAnimeDetailRead, responses={**NOT_FOUND, **CONFLICT})
async def update_anime(
    anime_id: UUID, body: AdminAnimeUpdate, actor: AdminActor, handlers: HandlersDep, settings: SettingsDep
) -> Response:
    """Apply the given fields that differ; each edited field an import writes is locked against imports."""
    check_plain_http(settings, [(("poster",), body.poster)])
    return json_response(await handlers.update_anime(UpdateResource(actor, anime_id, body.changes())))


@router.delete("/anime/{anime_id}", status_code=204, response_class=Response, responses=NOT_FOUND)
async def delete_anime(anime_id: UUID, actor: AdminActor, handlers: HandlersDep) -> Response:
    """Delete the anime with its episodes and video sources."""
    await handlers.delete_anime(DeleteResource(actor, anime_id))
    return no_content()


@router.delete("/anime/{anime_id}/locks", response_model=AdminAnimeDetailRead, responses=NOT_FOUND)
async def release_anime_locks(
    anime_id: UUID,
    actor: AdminActor,
    handlers: HandlersDep,
    fields: Annotated[list[AnimeLockField] | None, Query(description="Fields to release; all when omitted")] = None,
) -> Response:
    """Let imports update these fields again."""
    command = ReleaseLocks(actor, anime_id, frozenset(fields) if fields else None)
    return json_response(await handlers.release_anime_locks(command))


@router.get("/anime/{anime_id}/episodes", response_model=AdminEpisodeListRead, responses=NOT_FOUND)
async def list_episodes(anime_id: UUID, queries: AdminQueriesDep) -> Response:
    result = await queries.episodes(anime_id)
    if result is None:
        raise AnimeNotFoundError
    body: dict[str, Any] = {"items": result.items, "total": len(result.items), "anime_title": result.anime_title}
    return json_response(body)
