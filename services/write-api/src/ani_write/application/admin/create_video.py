"""Add a video source by hand (validated: https URLs, type enum); the import-managed fields given are locked. A taken
``(episode_id, url, source_name)`` → conflict."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.editing import create_row, lock_row
from ani_write.application.admin.models import Actor, AdminVideo, VideoChanges
from ani_write.application.admin.resources import EPISODE, VIDEO_SOURCE
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional

__all__ = ["CreateVideo", "CreateVideoHandler"]


@dataclass(frozen=True, slots=True)
class CreateVideo:
    actor: Actor
    episode_id: UUID
    #: ``type``, ``url`` and ``source_name`` are required; the others take their defaults when unset
    values: VideoChanges
    #: the fields the request named explicitly (the import-managed ones are locked)
    given: frozenset[str]


class CreateVideoHandler(Transactional[CreateVideo, AdminVideo]):
    async def run(self, uow: UnitOfWork, command: CreateVideo) -> AdminVideo:
        episode, anime = await lock_row(uow, EPISODE, command.episode_id)
        return await create_row(uow, command.actor, VIDEO_SOURCE, anime, (episode.id,), command.values, command.given)
