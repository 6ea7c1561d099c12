"""One projector pass: claim a batch of outbox rows, recompute the models they touch, write Redis, mark the rows.

At-least-once: the rows are marked processed in the claim's transaction, which commits only after Redis was written.
A crash anywhere before the commit leaves the rows pending (their locks die with the connection) and the next pass,
here or in another replica, recomputes the same models from PostgreSQL. Recomputation is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from ani_common.logging import get_logger
from ani_write.application.projection.plan import plan_events
from ani_write.application.projection.ports import Outbox, ProjectionMetrics, ReadModelSink, WriteOutcome
from ani_write.application.projection.project_models import project_models

__all__ = ["PassResult", "ProjectPending"]

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class PassResult:
    events: int
    models: int
    outcome: WriteOutcome
    max_lag: float


class ProjectPending:
    def __init__(
        self, outbox: Outbox, sink: ReadModelSink, metrics: ProjectionMetrics, *, batch_size: int = 500
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._outbox = outbox
        self._sink = sink
        self._metrics = metrics
        self.batch_size = batch_size

    async def __call__(self) -> PassResult:
        async with self._outbox.claim(self.batch_size) as batch:
            events = list(batch.events)
            if not events:
                return PassResult(events=0, models=0, outcome=WriteOutcome(0, 0), max_lag=0.0)
            plan = plan_events(events)
            for event in plan.invalid:
                self._metrics.invalid_event(event.topic)
                log.warning("Skipping an outbox event that cannot be projected", outbox_id=event.id, topic=event.topic)
            projected = await project_models(plan, batch.source, self._sink)
            lags = await batch.mark_processed()
        self._metrics.batch(events, lags, projected.outcome)
        return PassResult(
            events=len(events), models=projected.models, outcome=projected.outcome, max_lag=max(lags, default=0.0)
        )
