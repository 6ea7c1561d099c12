"""Addition: a rebuild job's state and progress (``pending`` → ``running`` → ``succeeded``/``failed``)."""

from __future__ import annotations

from uuid import UUID

from ani_write.application.admin.models import RebuildJob
from ani_write.application.errors import RebuildJobNotFoundError
from ani_write.application.ports import UnitOfWorkFactory

__all__ = ["GetRebuildJobHandler"]


class GetRebuildJobHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, job_id: UUID) -> RebuildJob:
        async with self._uow() as uow:
            job = await uow.admin.get_rebuild_job(job_id)
        if job is None:
            raise RebuildJobNotFoundError
        return job
