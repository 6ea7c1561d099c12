"""Admin video source curation: create, edit, enable/disable, delete, lock release (``docs/contract.md``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query
from fastapi.responses import Response

from ani_write.api.dependencies import AdminActor, HandlersDep, SettingsDep
from ani_write.api.responses import json_response
from ani_write.api.v1.admin_common import CONFLICT, NOT_FOUND, admin_router, no_content
from ani_write.api.v1.admin_schemas import (
    AdminVideoCreate,
    AdminVideoRead,
    AdminVideoUpdate,
    VideoLockField,
    VideoStateUpdate,
)
from ani_write.api.v1.schemas import check_plain_http
from ani_write.application.admin.create_video import CreateVideo
from ani_write.application.admin.delete_resource import DeleteResource
from ani_write.application.admin.release_locks import ReleaseLocks
from ani_write.application.admin.update_resource import UpdateResource
from ani_write.domain.admin import ResourceType

__all__ = ["router"]

router = admin_router()


@router.post("/video", status_code=201, response_model=AdminVideoRead, responses={**NOT_FOUND, **CONFLICT})
async def create_video(
    body: AdminVideoCreate, actor: AdminActor, handlers: HandlersDep, settings: SettingsDep
) -> Response:
    """Add a video source (``https:`` URLs only); the import-managed fields given are locked."""
    check_plain_http(settings, [(("url",), body.url)])
    command = CreateVideo(actor, body.episode_id, body.values(), body.named_fields())
    return json_response(await handlers.create_video(command), status_code=201)


@router.patch("/video/{video_id}", response_model=AdminVideoRead, responses={**NOT_FOUND, **CONFLICT})
async def update_video(
    video_id: UUID, body: AdminVideoUpdate, actor: AdminActor, handlers: HandlersDep, settings: SettingsDep
) -> Response:
    check_plain_http(settings, [(("url",), body.url)])
    return json_response(await handlers.update_video(UpdateResource(actor, video_id, body.changes())))


@router.post("/video/{video_id}/state", response_model=AdminVideoRead, responses=NOT_FOUND)
async def set_video_state(video_id: UUID, body: VideoStateUpdate, actor: AdminActor, handlers: HandlersDep) -> Response:
    """Enable/disable the source and optionally set its priority (audited as ``video_source_state``)."""
    command = UpdateResource(actor, video_id, body.changes(), ResourceType.VIDEO_SOURCE_STATE)
    return json_response(await handlers.update_video(command))


@router.delete("/video/{video_id}", status_code=204, response_class=Response, responses=NOT_FOUND)
async def delete_video(video_id: UUID, actor: AdminActor, handlers: HandlersDep) -> Response:
    await handlers.delete_video(DeleteResource(actor, video_id))
    return no_content()


@router.delete("/video/{video_id}/locks", response_model=AdminVideoRead, responses=NOT_FOUND)
async def release_video_locks(
    video_id: UUID,
    actor: AdminActor,
    handlers: HandlersDep,
    fields: Annotated[list[VideoLockField] | None, Query(description="Fields to release; all when omitted")] = None,
) -> Response:
    command = ReleaseLocks(actor, video_id, frozenset(fields) if fields else None)
    return json_response(await handlers.release_video_locks(command))
