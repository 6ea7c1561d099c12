"""Recompute a set of read models from PostgreSQL and write them to Redis: the one routine behind projector passes
and rebuilds, so both produce the same bytes."""

from __future__ import annotations

from dataclasses import dataclass

from ani_common.readmodels import keys
from ani_write.application.projection.plan import ProjectionPlan
from ani_write.application.projection.ports import ComputedModels, ModelSource, ReadModelSink, WriteOutcome

__all__ = ["ProjectedModels", "project_models"]


@dataclass(frozen=True, slots=True)
class ProjectedModels:
    models: int
    outcome: WriteOutcome


def lock_keys(plan: ProjectionPlan) -> list[str]:
    found = [keys.anime_detail(slug) for slug in plan.slugs]
    found += [keys.user_library(scope.user_id, scope.provider) for scope in plan.library]
    found += [keys.user_progress(scope.user_id, scope.provider) for scope in plan.progress]
    found += [keys.user_history_last(scope.user_id, scope.provider) for scope in plan.history]
    return found


async def project_models(
    plan: ProjectionPlan, source: ModelSource, sink: ReadModelSink, *, fan_out: bool = True
) -> ProjectedModels:
    """Lock the plan's keys, read their current state, write every model with one stamp.

    ``fan_out``: an anime change also recomputes the libraries that embed that anime's summary (off for a full
    rebuild, which recomputes every library anyway).

    The keys are locked before anything is read, so two computations of one key never overlap: the later one reads
    everything the earlier one read, and its stamp is higher. The stamp is what keeps an older computation from
    overwriting a newer one if a lock was ever lost (connection dropped while the process kept going).
    """
    work = ProjectionPlan(
        slugs=set(plan.slugs),
        catalog=plan.catalog,
        library=set(plan.library),
        progress=set(plan.progress),
        history=set(plan.history),
    )
    if plan.anime_ids:
        work.slugs |= await source.slugs_of(plan.anime_ids)
    if fan_out and work.slugs:
        work.library |= await source.library_holders(work.slugs)
    outcome = WriteOutcome(written=0, stale=0)
    models = ComputedModels()
    if work.slugs or work.library or work.progress or work.history:
        stamp = await source.lock(lock_keys(work))
        if work.slugs:
            active = await source.active_anime(work.slugs)
            for slug in sorted(work.slugs):
                if slug in active:
                    models.anime.append(active[slug])
                else:
                    models.deleted_slugs.append(slug)
        if work.library:
            models.libraries = await source.libraries(work.library)
        if work.progress:
            models.progress = await source.progress(work.progress)
        if work.history:
            models.history_last = await source.history_last(work.history)
        outcome = await sink.write(models, stamp)
    if work.catalog:
        await sink.ensure_catalog()
    return ProjectedModels(models=models.count, outcome=outcome)
