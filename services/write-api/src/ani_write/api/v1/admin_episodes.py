"""Admin episode curation: create, edit, attach to another anime, detach, delete, lock release, the episode's video
sources (``docs/contract.md``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query
from fastapi.responses import Response

from ani_write.api.dependencies import AdminActor, AdminQueriesDep, HandlersDep
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
from ani_write.application.admin.attach_episode import AttachEpisode
from ani_write.application.admin.create_episode import CreateEpisode
from ani_write.application.admin.delete_resource import DeleteResource
from ani_write.application.admin.detach_episode import DetachEpisode
from ani_write.application.admin.release_locks import ReleaseLocks
from ani_write.application.admin.update_resource import UpdateResource
from ani_write.application.errors import EpisodeNotFoundError

__all__ = ["router"]

router = admin_router()


@router.post("/episodes", status_code=201, response_model=AdminEpisodeRead, responses={**NOT_FOUND, **CONFLICT})
async def create_episode(body: AdminEpisodeCreate, actor: AdminActor, handlers: HandlersDep) -> Response:
    """Add an episode; the fields given are locked against imports of the same ``source_episode_id``."""
    command = CreateEpisode(actor, body.anime_id, body.source_episode_id, body.values(), body.named_fields())
    return json_response(await handlers.create_episode(command), status_code=201)


@router.patch("/episodes/{episode_id}", response_model=AdminEpisodeRead, responses={**NOT_FOUND, **CONFLICT})
async def update_episode(
    episode_id: UUID, body: AdminEpisodeUpdate, actor: AdminActor, handlers: HandlersDep
) -> Response:
    return json_response(await handlers.update_episode(UpdateResource(actor, episode_id, body.changes())))


@router.post("/episodes/{episode_id}/attach", response_model=AdminEpisodeRead, responses={**NOT_FOUND, **CONFLICT})
async def attach_episode(
    episode_id: UUID, body: AttachEpisodeRequest, actor: AdminActor, handlers: HandlersDep
) -> Response:
    """Move the episode to another anime (same anime: no-op)."""
    return json_response(await handlers.attach_episode(AttachEpisode(actor, episode_id, body.anime_id)))


@router.post("/episodes/{episode_id}/detach", response_model=AdminEpisodeRead, responses=NOT_FOUND)
async def detach_episode(
    episode_id: UUID, body: DetachEpisodeRequest, actor: AdminActor, handlers: HandlersDep
) -> Response:
    """Deactivate the episode (``is_active`` is then locked against imports); already inactive: no-op."""
    return json_response(await handlers.detach_episode(DetachEpisode(actor, episode_id, body.reason)))


@router.delete("/episodes/{episode_id}", status_code=204, response_class=Response, responses=NOT_FOUND)
async def delete_episode(episode_id: UUID, actor: AdminActor, handlers: HandlersDep) -> Response:
    """Delete the episode with its video sources."""
    await handlers.delete_episode(DeleteResource(actor, episode_id))
    return no_content()


@router.delete("/episodes/{episode_id}/locks", response_model=AdminEpisodeRead, responses=NOT_FOUND)
async def release_episode_locks(
    episode_id: UUID,
    actor: AdminActor,
    handlers: HandlersDep,
    fields: Annotated[list[EpisodeLockField] | None, Query(description="Fields to release; all when omitted")] = None,
) -> Response:
    command = ReleaseLocks(actor, episode_id, frozenset(fields) if fields else None)
    return json_response(await handlers.release_episode_locks(command))


@router.get("/episodes/{episode_id}/video", response_model=AdminVideoListRead, responses=NOT_FOUND)
async def list_videos(episode_id: UUID, queries: AdminQueriesDep) -> Response:
    """Every video source of the episode (inactive included), highest priority first."""
    result = await queries.videos(episode_id)
    if result is None:
        raise EpisodeNotFoundError
    return json_response({"items": result.items, "total": len(result.items), "episode_number": result.episode_number})
