"""Admin episode curation (reference routes 33-37; additions: delete, lock release)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query
from fastapi.responses import Response

from ani_write.api.dependencies import AdminActor, UnitOfWorkDep
from ani_write.api.responses import json_response
from ani_write.api.v1.admin_common import CONFLICT, NOT_FOUND, admin_router, no_content
from ani_write.api.v1.admin_schemas import (
    AdminEpisodeCreate,
    AdminEpisodeRead,
    AdminEpisodeUpdate,
    AdminVideoListRead,
    AttachEpisodeRequest,
    DetachEpisodeRequest,
    EpisodeLockField,
)
from ani_write.application.admin.attach_episode import AttachEpisode, AttachEpisodeHandler
from ani_write.application.admin.create_episode import CreateEpisode, CreateEpisodeHandler
from ani_write.application.admin.delete_episode import DeleteEpisode, DeleteEpisodeHandler
from ani_write.application.admin.detach_episode import DetachEpisode, DetachEpisodeHandler
from ani_write.application.admin.list_videos import ListVideosForAdminHandler
from ani_write.application.admin.release_locks import ReleaseLocks, ReleaseLocksHandler
from ani_write.application.admin.update_episode import UpdateEpisode, UpdateEpisodeHandler
from ani_write.domain.admin import ResourceType

__all__ = ["router"]

router = admin_router()


@router.post("/episodes", status_code=201, response_model=AdminEpisodeRead, responses={**NOT_FOUND, **CONFLICT})
async def create_episode(body: AdminEpisodeCreate, actor: AdminActor, uow: UnitOfWorkDep) -> Response:
    """Add an episode; the fields given are locked against imports of the same ``source_episode_id``."""
    given = frozenset(body.model_fields_set - {"anime_id", "source_episode_id"})
    values = {"number": body.number, "season": body.season, "title": body.title, "is_active": body.is_active}
    command = CreateEpisode(actor, body.anime_id, body.source_episode_id, values, given)
    return json_response(await CreateEpisodeHandler(uow)(command), status_code=201)


@router.patch("/episodes/{episode_id}", response_model=AdminEpisodeRead, responses={**NOT_FOUND, **CONFLICT})
async def update_episode(episode_id: UUID, body: AdminEpisodeUpdate, actor: AdminActor, uow: UnitOfWorkDep) -> Response:
    return json_response(await UpdateEpisodeHandler(uow)(UpdateEpisode(actor, episode_id, body.changes())))


@router.post("/episodes/{episode_id}/attach", response_model=AdminEpisodeRead, responses={**NOT_FOUND, **CONFLICT})
async def attach_episode(
    episode_id: UUID, body: AttachEpisodeRequest, actor: AdminActor, uow: UnitOfWorkDep
) -> Response:
    """Move the episode to another anime (same anime: no-op)."""
    return json_response(await AttachEpisodeHandler(uow)(AttachEpisode(actor, episode_id, body.anime_id)))


@router.post("/episodes/{episode_id}/detach", response_model=AdminEpisodeRead, responses=NOT_FOUND)
async def detach_episode(
    episode_id: UUID, body: DetachEpisodeRequest, actor: AdminActor, uow: UnitOfWorkDep
) -> Response:
    """Deactivate the episode (``is_active`` is then locked against imports); already inactive: no-op."""
    return json_response(await DetachEpisodeHandler(uow)(DetachEpisode(actor, episode_id, body.reason)))


@router.delete("/episodes/{episode_id}", status_code=204, response_class=Response, responses=NOT_FOUND)
async def delete_episode(episode_id: UUID, actor: AdminActor, uow: UnitOfWorkDep) -> Response:
    """Delete the episode with its video sources."""
    await DeleteEpisodeHandler(uow)(DeleteEpisode(actor, episode_id))
    return no_content()


@router.delete("/episodes/{episode_id}/locks", response_model=AdminEpisodeRead, responses=NOT_FOUND)
async def release_episode_locks(
    episode_id: UUID,
    actor: AdminActor,
    uow: UnitOfWorkDep,
    fields: Annotated[list[EpisodeLockField] | None, Query(description="Fields to release; all when omitted")] = None,
) -> Response:
    command = ReleaseLocks(actor, ResourceType.EPISODE, episode_id, frozenset(fields) if fields else None)
    return json_response(await ReleaseLocksHandler(uow)(command))


@router.get("/episodes/{episode_id}/video", response_model=AdminVideoListRead, responses=NOT_FOUND)
async def list_videos(episode_id: UUID, uow: UnitOfWorkDep) -> Response:
    """Every video source of the episode (inactive included), highest priority first."""
    result = await ListVideosForAdminHandler(uow)(episode_id)
    return json_response({"items": result.items, "total": len(result.items), "episode_number": result.episode_number})
