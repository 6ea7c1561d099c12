"""Addition: release admin locks on an anime, episode or video source (the named fields, or all), so the next import
may update those fields again. No lock released → no write, no audit. Read models are unaffected (no event)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.editing import record_audit
from ani_write.application.admin.models import Actor, AdminAnime, AdminEpisode, AdminVideo
from ani_write.application.errors import AnimeNotFoundError, EpisodeNotFoundError, VideoSourceNotFoundError
from ani_write.application.ports import UnitOfWork, UnitOfWorkFactory
from ani_write.domain.admin import AuditAction, ResourceType, audit_changes

__all__ = ["ReleaseLocks", "ReleaseLocksHandler"]

Locked = AdminAnime | AdminEpisode | AdminVideo


@dataclass(frozen=True, slots=True)
class ReleaseLocks:
    actor: Actor
    resource_type: ResourceType  # anime | episode | video_source
    resource_id: UUID
    #: the fields to release; ``None`` = all
    fields: frozenset[str] | None = None


class ReleaseLocksHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: ReleaseLocks) -> Locked:
        async with self._uow() as uow:
            current = await self._current(uow, command)
            remaining = [] if command.fields is None else [f for f in current.locked_fields if f not in command.fields]
            if remaining == current.locked_fields:
                return current
            updated = await self._set(uow, command, remaining)
            await record_audit(
                uow,
                command.actor,
                AuditAction.UNLOCK,
                command.resource_type,
                command.resource_id,
                audit_changes({"locked_fields": (current.locked_fields, remaining)}),
            )
            await uow.commit()
        return updated

    @staticmethod
    async def _current(uow: UnitOfWork, command: ReleaseLocks) -> Locked:
        if command.resource_type is ResourceType.ANIME:
            anime = await uow.admin.get_anime(command.resource_id, lock=True)
            if anime is None:
                raise AnimeNotFoundError
            return anime
        if command.resource_type is ResourceType.EPISODE:
            episode = await uow.admin.get_episode(command.resource_id, lock=True)
            if episode is None:
                raise EpisodeNotFoundError
            return episode[0]
        video = await uow.admin.get_video(command.resource_id, lock=True)
        if video is None:
            raise VideoSourceNotFoundError
        return video[0]

    @staticmethod
    async def _set(uow: UnitOfWork, command: ReleaseLocks, locks: Sequence[str]) -> Locked:
        updated: Locked | None
        if command.resource_type is ResourceType.ANIME:
            updated = await uow.admin.set_anime_locks(command.resource_id, locks)
            error: Exception = AnimeNotFoundError()
        elif command.resource_type is ResourceType.EPISODE:
            updated = await uow.admin.set_episode_locks(command.resource_id, locks)
            error = EpisodeNotFoundError()
        else:
            updated = await uow.admin.set_video_locks(command.resource_id, locks)
            error = VideoSourceNotFoundError()
        if updated is None:
            raise error
        return updated
