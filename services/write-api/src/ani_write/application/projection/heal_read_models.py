"""Self-healing after a Redis data loss (or on a fresh Redis): when the catalog was never projected there, queue a
full rebuild job. The job then runs like an operator's (``rebuild_jobs``, progress, one replica at a time)."""

from __future__ import annotations

from uuid import UUID

from ani_common.logging import get_logger
from ani_write.application.projection.ports import ReadModelSink, RebuildJobs

__all__ = ["HealReadModels"]

log = get_logger(__name__)


class HealReadModels:
    def __init__(self, sink: ReadModelSink, jobs: RebuildJobs) -> None:
        self._sink = sink
        self._jobs = jobs

    async def __call__(self) -> UUID | None:
        if await self._sink.catalog_projected():
            return None
        job_id = await self._jobs.request_full_rebuild()
        if job_id is not None:
            log.warning("Read models missing in Redis; full rebuild queued", job_id=str(job_id))
        return job_id
