"""Reference route 38, validated (https URLs, type enum): add a video source by hand; the import-managed fields given
are locked. A taken ``(episode_id, url, source_name)`` → conflict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import Actor, AdminVideo
from ani_write.application.errors import EpisodeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.admin import VIDEO_LOCKABLE_FIELDS, AuditAction, ResourceType, locks_after_edit, snapshot

__all__ = ["CreateVideo", "CreateVideoHandler"]


@dataclass(frozen=True, slots=True)
class CreateVideo:
    actor: Actor
    episode_id: UUID
    #: every field of ``VIDEO_EDITABLE``
    values: dict[str, Any]
    given: frozenset[str]


class CreateVideoHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: CreateVideo) -> AdminVideo:
        async with self._uow() as uow:
            found = await uow.admin.get_episode(command.episode_id, lock=True)
            if found is None:
                raise EpisodeNotFoundError
            episode, anime = found
            locks = locks_after_edit((), command.given, VIDEO_LOCKABLE_FIELDS)
            video = await uow.admin.insert_video(episode.id, command.values, locks)
            await record_audit(
                uow,
                command.actor,
                AuditAction.CREATE,
                ResourceType.VIDEO_SOURCE,
                video.id,
                snapshot({"episode_id": video.episode_id, **video.editable()}),
            )
            touch_anime(uow, anime)
            await uow.commit()
        return video
