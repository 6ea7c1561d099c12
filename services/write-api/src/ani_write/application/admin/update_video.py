"""Reference routes 39 and 40 (edit, and the state toggle audited as ``video_source_state``): same diff, lock and
audit rules as the anime edit; a new ``(url, source_name)`` already used on the episode → conflict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import Actor, AdminVideo
from ani_write.application.errors import VideoSourceNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.admin import (
    VIDEO_LOCKABLE_FIELDS,
    AuditAction,
    ResourceType,
    audit_changes,
    changed_fields,
    locks_after_edit,
)

__all__ = ["UpdateVideo", "UpdateVideoHandler"]


@dataclass(frozen=True, slots=True)
class UpdateVideo:
    actor: Actor
    video_id: UUID
    changes: dict[str, Any]
    #: ``video_source`` for the edit route, ``video_source_state`` for the state route
    resource_type: ResourceType = ResourceType.VIDEO_SOURCE


class UpdateVideoHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: UpdateVideo) -> AdminVideo:
        async with self._uow() as uow:
            found = await uow.admin.get_video(command.video_id, lock=True)
            if found is None:
                raise VideoSourceNotFoundError
            current, anime = found
            changes = changed_fields(current.editable(), command.changes)
            if not changes:
                return current
            locks = locks_after_edit(current.locked_fields, changes, VIDEO_LOCKABLE_FIELDS)
            updated = await uow.admin.update_video(current.id, {name: new for name, (_, new) in changes.items()}, locks)
            if updated is None:
                raise VideoSourceNotFoundError
            await record_audit(
                uow, command.actor, AuditAction.UPDATE, command.resource_type, current.id, audit_changes(changes)
            )
            touch_anime(uow, anime)
            await uow.commit()
        return updated
