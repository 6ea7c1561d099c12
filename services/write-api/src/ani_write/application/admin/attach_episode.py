"""Move an episode to another anime (both anime's read models change). Same anime → no-op; the target already has
the episode's ``source_episode_id`` → conflict."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.editing import lock_row, record_audit, touch_anime
from ani_write.application.admin.models import Actor, AdminEpisode, EpisodeChanges
from ani_write.application.admin.resources import EPISODE
from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.admin import AuditAction, audit_changes

__all__ = ["AttachEpisode", "AttachEpisodeHandler"]


@dataclass(frozen=True, slots=True)
class AttachEpisode:
    actor: Actor
    episode_id: UUID
    anime_id: UUID


class AttachEpisodeHandler(Transactional[AttachEpisode, AdminEpisode]):
    async def run(self, uow: UnitOfWork, command: AttachEpisode) -> AdminEpisode:
        current, source = await lock_row(uow, EPISODE, command.episode_id)
        target = await uow.admin.anime_ref(command.anime_id)
        if target is None:
            raise AnimeNotFoundError
        if target.id == current.anime_id:
            return current
        updated = await uow.admin.update(EPISODE, current.id, EpisodeChanges(anime_id=target.id), current.locked_fields)
        if updated is None:
            raise EPISODE.not_found()
        changes = audit_changes({"anime_id": (current.anime_id, target.id)})
        await record_audit(uow, command.actor, AuditAction.ATTACH, EPISODE.resource_type, current.id, changes)
        touch_anime(uow, source, target)
        return updated
