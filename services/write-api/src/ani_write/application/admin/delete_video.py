"""Reference route 41: delete a video source; the audit row is written in the same transaction (never a lie)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import Actor
from ani_write.application.errors import VideoSourceNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.admin import AuditAction, ResourceType, snapshot

__all__ = ["DeleteVideo", "DeleteVideoHandler"]


@dataclass(frozen=True, slots=True)
class DeleteVideo:
    actor: Actor
    video_id: UUID


class DeleteVideoHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: DeleteVideo) -> None:
        async with self._uow() as uow:
            found = await uow.admin.get_video(command.video_id, lock=True)
            if found is None:
                raise VideoSourceNotFoundError
            current, anime = found
            if not await uow.admin.delete_video(current.id):
                raise VideoSourceNotFoundError
            await record_audit(
                uow,
                command.actor,
                AuditAction.DELETE,
                ResourceType.VIDEO_SOURCE,
                current.id,
                snapshot({"episode_id": current.episode_id, "url": current.url, "source_name": current.source_name}),
            )
            touch_anime(uow, anime)
            await uow.commit()
