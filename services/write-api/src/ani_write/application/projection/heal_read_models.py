"""Self-healing after a Redis data loss (or on a fresh Redis): when no full rebuild completed there since, queue one as
a job, which then runs like an operator's (``rebuild_jobs``, progress, one replica at a time).

The question is "did a full rebuild complete here", not "is there a catalog": after a data loss the projector keeps
projecting events (progress saves, imports, admin edits), and the first catalog item it writes creates the catalog
version; a full rebuild that failed midway (Redis went away again, or the connections to the old server failed) has
written part of the catalog too. Either looked like a projected catalog while most of it was missing. A failed
rebuild records nothing, so the next check queues another one."""

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
        if await self._sink.full_rebuild_recorded():
            return None
        job_id = await self._jobs.request_full_rebuild()
        if job_id is not None:
            log.warning(
                "No complete full rebuild in Redis (data lost or never rebuilt); full rebuild queued",
                job_id=str(job_id),
            )
        return job_id
