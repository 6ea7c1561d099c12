"""Release admin locks on an anime, episode or video source (the named fields, or all), so the next import may update
those fields again. No lock released → no write, no audit. Read models are unaffected (no event)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.editing import ResourceUseCase, lock_row, record_audit
from ani_write.application.admin.models import Actor
from ani_write.application.admin.resources import C, Row
from ani_write.application.ports import UnitOfWork
from ani_write.domain.admin import AuditAction, audit_changes

__all__ = ["ReleaseLocks", "ReleaseLocksHandler"]


@dataclass(frozen=True, slots=True)
class ReleaseLocks:
    actor: Actor
    row_id: UUID
    #: the fields to release; ``None`` = all
    fields: frozenset[str] | None = None


class ReleaseLocksHandler(ResourceUseCase[Row, C, ReleaseLocks, Row]):
    async def run(self, uow: UnitOfWork, command: ReleaseLocks) -> Row:
        resource = self._resource
        current, _ = await lock_row(uow, resource, command.row_id)
        remaining = [] if command.fields is None else [f for f in current.locked_fields if f not in command.fields]
        if remaining == current.locked_fields:
            return current
        updated = await uow.admin.set_locks(resource, command.row_id, remaining)
        if updated is None:
            raise resource.not_found()
        changes = audit_changes({"locked_fields": (current.locked_fields, remaining)})
        await record_audit(uow, command.actor, AuditAction.UNLOCK, resource.resource_type, command.row_id, changes)
        return updated
