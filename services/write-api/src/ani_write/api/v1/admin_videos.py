"""Admin video source curation (reference routes 38-41; addition: lock release)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query
from fastapi.responses import Response

from ani_write.api.dependencies import AdminActor, SettingsDep, UnitOfWorkDep
from ani_write.api.responses import json_response
from ani_write.api.v1.admin_common import CONFLICT, NOT_FOUND, admin_router, check_plain_http, no_content
from ani_write.api.v1.admin_schemas import (
    AdminVideoCreate,
    AdminVideoRead,
    AdminVideoUpdate,
    VideoLockField,
    VideoStateUpdate,
)
from ani_write.application.admin.create_video import CreateVideo, CreateVideoHandler
from ani_write.application.admin.delete_video import DeleteVideo, DeleteVideoHandler
from ani_write.application.admin.release_locks import ReleaseLocks, ReleaseLocksHandler
from ani_write.application.admin.update_video import UpdateVideo, UpdateVideoHandler
from ani_write.domain.admin import ResourceType

__all__ = ["router"]

router = admin_router()


@router.post("/video", status_code=201, response_model=AdminVideoRead, responses={**NOT_FOUND, **CONFLICT})
async def create_video(
    body: AdminVideoCreate, actor: AdminActor, uow: UnitOfWorkDep, settings: SettingsDep
) -> Response:
    """Add a video source (``https:`` URLs only); the import-managed fields given are locked."""
    check_plain_http(settings, [(("url",), body.url)])
    given = frozenset(body.model_fields_set - {"episode_id"})
    command = CreateVideo(actor, body.episode_id, body.values(), given)
    return json_response(await CreateVideoHandler(uow)(command), status_code=201)


@router.patch("/video/{video_id}", response_model=AdminVideoRead, responses={**NOT_FOUND, **CONFLICT})
async def update_video(
    video_id: UUID, body: AdminVideoUpdate, actor: AdminActor, uow: UnitOfWorkDep, settings: SettingsDep
) -> Response:
    check_plain_http(settings, [(("url",), body.url)])
    return json_response(await UpdateVideoHandler(uow)(UpdateVideo(actor, video_id, body.changes())))


@router.post("/video/{video_id}/state", response_model=AdminVideoRead, responses=NOT_FOUND)
async def set_video_state(video_id: UUID, body: VideoStateUpdate, actor: AdminActor, uow: UnitOfWorkDep) -> Response:
    """Enable/disable the source and optionally set its priority (audited as ``video_source_state``)."""
    command = UpdateVideo(actor, video_id, body.changes(), ResourceType.VIDEO_SOURCE_STATE)
    return json_response(await UpdateVideoHandler(uow)(command))


@router.delete("/video/{video_id}", status_code=204, response_class=Response, responses=NOT_FOUND)
async def delete_video(video_id: UUID, actor: AdminActor, uow: UnitOfWorkDep) -> Response:
    await DeleteVideoHandler(uow)(DeleteVideo(actor, video_id))
    return no_content()


@router.delete("/video/{video_id}/locks", response_model=AdminVideoRead, responses=NOT_FOUND)
async def release_video_locks(
    video_id: UUID,
    actor: AdminActor,
    uow: UnitOfWorkDep,
    fields: Annotated[list[VideoLockField] | None, Query(description="Fields to release; all when omitted")] = None,
) -> Response:
    command = ReleaseLocks(actor, ResourceType.VIDEO_SOURCE, video_id, frozenset(fields) if fields else None)
    return json_response(await ReleaseLocksHandler(uow)(command))
