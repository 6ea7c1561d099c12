"""Reference route 34, validated: same diff, lock and audit rules as the anime edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import Actor, AdminEpisode
from ani_write.application.errors import EpisodeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.admin import (
    EPISODE_LOCKABLE_FIELDS,
    AuditAction,
    ResourceType,
    audit_changes,
    changed_fields,
    locks_after_edit,
)

__all__ = ["UpdateEpisode", "UpdateEpisodeHandler"]


@dataclass(frozen=True, slots=True)
class UpdateEpisode:
    actor: Actor
    episode_id: UUID
    changes: dict[str, Any]


class UpdateEpisodeHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: UpdateEpisode) -> AdminEpisode:
        async with self._uow() as uow:
            found = await uow.admin.get_episode(command.episode_id, lock=True)
            if found is None:
                raise EpisodeNotFoundError
            current, anime = found
            changes = changed_fields(current.editable(), command.changes)
            if not changes:
                return current
            locks = locks_after_edit(current.locked_fields, changes, EPISODE_LOCKABLE_FIELDS)
            updated = await uow.admin.update_episode(
                current.id, {name: new for name, (_, new) in changes.items()}, locks
            )
            if updated is None:
                raise EpisodeNotFoundError
            await record_audit(
                uow, command.actor, AuditAction.UPDATE, ResourceType.EPISODE, current.id, audit_changes(changes)
            )
            touch_anime(uow, anime)
            await uow.commit()
        return updated
