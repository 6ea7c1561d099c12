"""Delete an anime (with its episodes and their sources), an episode (with its sources) or a video source; the
audit row, recording what was deleted, is written in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.editing import ResourceUseCase, lock_row, record_audit, touch
from ani_write.application.admin.models import Actor
from ani_write.application.admin.resources import C, Row
from ani_write.application.ports import UnitOfWork
from ani_write.domain.admin import AuditAction, snapshot

__all__ = ["DeleteResource", "DeleteResourceHandler"]


@dataclass(frozen=True, slots=True)
class DeleteResource:
    actor: Actor
    row_id: UUID


class DeleteResourceHandler(ResourceUseCase[Row, C, DeleteResource, None]):
    async def run(self, uow: UnitOfWork, command: DeleteResource) -> None:
        resource = self._resource
        current, anime = await lock_row(uow, resource, command.row_id)
        if not await uow.admin.delete(resource, current.id):
            raise resource.not_found()
        deleted = snapshot({name: getattr(current, name) for name in resource.deleted})
        await record_audit(uow, command.actor, AuditAction.DELETE, resource.resource_type, current.id, deleted)
        touch(uow, resource, anime)
