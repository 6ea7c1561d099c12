"""Reference route 35: move an episode to another anime (both anime's read models change). Same anime → no-op; the
target already has the episode's ``source_episode_id`` → conflict."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import Actor, AdminEpisode
from ani_write.application.errors import AnimeNotFoundError, EpisodeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.admin import AuditAction, ResourceType, audit_changes

__all__ = ["AttachEpisode", "AttachEpisodeHandler"]


@dataclass(frozen=True, slots=True)
class AttachEpisode:
    actor: Actor
    episode_id: UUID
    anime_id: UUID


class AttachEpisodeHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: AttachEpisode) -> AdminEpisode:
        async with self._uow() as uow:
            found = await uow.admin.get_episode(command.episode_id, lock=True)
            if found is None:
                raise EpisodeNotFoundError
            current, source = found
            target = await uow.admin.anime_ref(command.anime_id)
            if target is None:
                raise AnimeNotFoundError
            if target.id == current.anime_id:
                return current
            updated = await uow.admin.update_episode(current.id, {"anime_id": target.id}, current.locked_fields)
            if updated is None:
                raise EpisodeNotFoundError
            await record_audit(
                uow,
                command.actor,
                AuditAction.ATTACH,
                ResourceType.EPISODE,
                current.id,
                audit_changes({"anime_id": (current.anime_id, target.id)}),
            )
            touch_anime(uow, source, target)
            await uow.commit()
        return updated
