"""Edit an anime, an episode or a video source: apply the given fields that differ, lock the edited fields an import
would overwrite, and audit ``{field: {old, new}}`` in the same transaction. Nothing differs → no write, no audit.
A new unique key already in use (an anime's slug, a source's ``(url, source_name)`` on its episode) → conflict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic
from uuid import UUID

from ani_write.application.admin.editing import ResourceUseCase, lock_row, record_audit, touch
from ani_write.application.admin.models import Actor
from ani_write.application.admin.resources import C, Row
from ani_write.application.ports import UnitOfWork
from ani_write.domain.admin import AuditAction, ResourceType, audit_changes, changed_fields, locks_after_edit

__all__ = ["UpdateResource", "UpdateResourceHandler"]


@dataclass(frozen=True, slots=True)
class UpdateResource(Generic[C]):
    actor: Actor
    row_id: UUID
    #: only the fields present in the request (validated: no ``None`` for non-nullable fields)
    changes: C
    #: the audit ``resource_type`` when not the resource's own (the video state route: ``video_source_state``)
    audit_type: ResourceType | None = None


class UpdateResourceHandler(ResourceUseCase[Row, C, UpdateResource[C], Row]):
    async def run(self, uow: UnitOfWork, command: UpdateResource[C]) -> Row:
        resource = self._resource
        current, anime = await lock_row(uow, resource, command.row_id)
        changes = changed_fields(current.editable(), command.changes.given())
        if not changes:
            return current
        locks = locks_after_edit(current.locked_fields, changes, resource.lockable)
        values = resource.changes(**{name: new for name, (_, new) in changes.items()})
        updated = await uow.admin.update(resource, current.id, values, locks)
        if updated is None:
            raise resource.not_found()
        audit_type = command.audit_type or resource.resource_type
        await record_audit(uow, command.actor, AuditAction.UPDATE, audit_type, current.id, audit_changes(changes))
        touch(uow, resource, anime, updated)
        return updated
