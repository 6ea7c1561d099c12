"""Reference route 31, validated (contract-changes 25): apply the given fields that differ; lock the edited fields an
import would overwrite; audit ``{field: {old, new}}`` in the same transaction. Nothing differs → no write, no audit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import Actor, AdminAnime
from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.admin import (
    ANIME_LOCKABLE_FIELDS,
    AuditAction,
    ResourceType,
    audit_changes,
    changed_fields,
    locks_after_edit,
)

__all__ = ["UpdateAnime", "UpdateAnimeHandler"]


@dataclass(frozen=True, slots=True)
class UpdateAnime:
    actor: Actor
    anime_id: UUID
    #: only the fields present in the request (validated: no ``None`` for non-nullable fields)
    changes: dict[str, Any]


class UpdateAnimeHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: UpdateAnime) -> AdminAnime:
        async with self._uow() as uow:
            current = await uow.admin.get_anime(command.anime_id, lock=True)
            if current is None:
                raise AnimeNotFoundError
            changes = changed_fields(current.editable(), command.changes)
            if not changes:
                return current
            locks = locks_after_edit(current.locked_fields, changes, ANIME_LOCKABLE_FIELDS)
            updated = await uow.admin.update_anime(current.id, {name: new for name, (_, new) in changes.items()}, locks)
            if updated is None:
                raise AnimeNotFoundError
            await record_audit(
                uow, command.actor, AuditAction.UPDATE, ResourceType.ANIME, current.id, audit_changes(changes)
            )
            # a slug change also retires the detail key of the old slug
            touch_anime(uow, current.ref, updated.ref, catalog=True)
            await uow.commit()
        return updated
