"""Deactivate an episode (and lock ``is_active`` so an import does not re-enable it), with an optional reason in the
audit row. Already inactive → no-op."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ani_write.application.admin.editing import lock_row, record_audit, touch_anime
from ani_write.application.admin.models import Actor, AdminEpisode, EpisodeChanges
from ani_write.application.admin.resources import EPISODE
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.admin import AuditAction, audit_changes, locks_after_edit

__all__ = ["DetachEpisode", "DetachEpisodeHandler"]


@dataclass(frozen=True, slots=True)
class DetachEpisode:
    actor: Actor
    episode_id: UUID
    reason: str | None = None


class DetachEpisodeHandler(Transactional[DetachEpisode, AdminEpisode]):
    async def run(self, uow: UnitOfWork, command: DetachEpisode) -> AdminEpisode:
        current, anime = await lock_row(uow, EPISODE, command.episode_id)
        if not current.is_active:
            return current
        locks = locks_after_edit(current.locked_fields, ["is_active"], EPISODE.lockable)
        updated = await uow.admin.update(EPISODE, current.id, EpisodeChanges(is_active=False), locks)
        if updated is None:
            raise EPISODE.not_found()
        changes: dict[str, Any] = audit_changes({"is_active": (True, False)})
        if command.reason is not None:
            changes["reason"] = command.reason
        await record_audit(uow, command.actor, AuditAction.DETACH, EPISODE.resource_type, current.id, changes)
        touch_anime(uow, anime)
        return updated
