"""Reference route 36: deactivate an episode (and lock ``is_active`` so an import does not re-enable it), with an
optional reason in the audit row. Already inactive → no-op."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import Actor, AdminEpisode
from ani_write.application.errors import EpisodeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.admin import EPISODE_LOCKABLE_FIELDS, AuditAction, ResourceType, audit_changes, locks_after_edit

__all__ = ["DetachEpisode", "DetachEpisodeHandler"]


@dataclass(frozen=True, slots=True)
class DetachEpisode:
    actor: Actor
    episode_id: UUID
    reason: str | None = None


class DetachEpisodeHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: DetachEpisode) -> AdminEpisode:
        async with self._uow() as uow:
            found = await uow.admin.get_episode(command.episode_id, lock=True)
            if found is None:
                raise EpisodeNotFoundError
            current, anime = found
            if not current.is_active:
                return current
            locks = locks_after_edit(current.locked_fields, ["is_active"], EPISODE_LOCKABLE_FIELDS)
            updated = await uow.admin.update_episode(current.id, {"is_active": False}, locks)
            if updated is None:
                raise EpisodeNotFoundError
            changes: dict[str, Any] = audit_changes({"is_active": (True, False)})
            if command.reason is not None:
                changes["reason"] = command.reason
            await record_audit(uow, command.actor, AuditAction.DETACH, ResourceType.EPISODE, current.id, changes)
            touch_anime(uow, anime)
            await uow.commit()
        return updated
