"""Ask for a read-model rebuild. One transaction writes the ``pending`` job row, the ``rebuild_requested`` outbox
event (the projector runs the job and records its progress in the row) and the audit row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ani_write.application.admin.editing import record_audit
from ani_write.application.admin.models import Actor, RebuildJob
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.admin import AuditAction, ResourceType
from ani_write.domain.events import rebuild_requested

__all__ = ["RequestRebuild", "RequestRebuildHandler"]


@dataclass(frozen=True, slots=True)
class RequestRebuild:
    actor: Actor
    scope: str  # all | anime | user
    #: ``None`` for ``all``; the slug for ``anime``; ``<user id>`` or ``<user id>:<provider>`` for ``user``
    target: str | None = None


class RequestRebuildHandler(Transactional[RequestRebuild, RebuildJob]):
    async def run(self, uow: UnitOfWork, command: RequestRebuild) -> RebuildJob:
        job_id = uuid.uuid4()
        job = await uow.admin.insert_rebuild_job(job_id, command.scope, command.target, command.actor.id)
        uow.events.add(rebuild_requested(str(job_id)))
        scope = {"scope": command.scope, "target": command.target}
        await record_audit(uow, command.actor, AuditAction.REBUILD, ResourceType.READ_MODELS, job_id, scope)
        return job
