"""Run the oldest pending ``rebuild_requested`` job (the admin rebuild trigger), recording progress in
``rebuild_jobs``. The event stays row-locked while the job runs, so exactly one projector runs it; if that projector
dies, the event is still pending and another one runs the job again from the start."""

from __future__ import annotations

from ani_common.logging import get_logger
from ani_write.application.projection.ports import ProjectionMetrics, RebuildJobs
from ani_write.application.projection.rebuild_read_models import (
    InvalidRebuildTargetError,
    RebuildReadModels,
    RebuildRequest,
)

__all__ = ["RunRebuildJob"]

log = get_logger(__name__)

FINISHED = frozenset({"succeeded", "failed"})


class RunRebuildJob:
    def __init__(self, jobs: RebuildJobs, rebuild: RebuildReadModels, metrics: ProjectionMetrics) -> None:
        self._jobs = jobs
        self._rebuild = rebuild
        self._metrics = metrics

    async def __call__(self) -> bool:
        """Handle one job event; ``False`` when there was none to take."""
        async with self._jobs.claim_next() as claimed:
            if claimed is None:
                return False
            job = claimed.job
            if job is None or job.status in FINISHED:
                await claimed.discard()
                return True
            try:
                request = RebuildRequest.from_job(job.scope, job.target)
            except InvalidRebuildTargetError as exc:
                await claimed.finish(f"Invalid rebuild target: {exc}")
                return True
            await claimed.start()
            log.info("Rebuild job started", job_id=str(job.id), scope=job.scope, target=job.target)
            try:
                result = await self._rebuild(request, claimed.report)
            except Exception:
                self._metrics.error("rebuild_job")
                log.exception("Rebuild job failed", job_id=str(job.id))
                await claimed.finish("Rebuild failed; the projector log has the details (search for the job id).")
                return True
            await claimed.finish(None)
            log.info("Rebuild job succeeded", job_id=str(job.id), total=result.total, models=result.models)
            return True
