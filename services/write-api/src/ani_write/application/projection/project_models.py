"""Recompute a set of read models from PostgreSQL and write them to Redis: the one routine behind projector passes
and rebuilds, so both produce the same bytes."""

from __future__ import annotations

from dataclasses import dataclass

from ani_common.readmodels import keys
from ani_write.application.projection.plan import ProjectionPlan
from ani_write.application.projection.ports import (
    ComputedModels,
    ModelSource,
    ReadModelSink,
    UserTitle,
    WriteOutcome,
)

__all__ = ["ProjectedModels", "project_models"]


@dataclass(frozen=True, slots=True)
class ProjectedModels:
    models: int
    outcome: WriteOutcome


def lock_keys(plan: ProjectionPlan) -> list[str]:
    found = [keys.anime_detail(slug) for slug in plan.slugs]
    found += [keys.user_library(scope.user_id, scope.provider) for scope in plan.library]
    found += [keys.user_title(title.user_id, title.provider, title.title_id) for title in plan.titles]
    found += [keys.user_history_last(scope.user_id, scope.provider) for scope in plan.history]
    return found


async def project_models(plan: ProjectionPlan, source: ModelSource, sink: ReadModelSink) -> ProjectedModels:
    """Lock the plan's keys, read their current state, write every model with one stamp.

    An anime change recomputes only the anime's own models: viewer models join the catalog at read time (no fan-out
    into libraries). A scope in ``plan.progress`` recomputes every title of the viewer: those with data in
    PostgreSQL and those the viewer's recent-titles zset still holds (removed when no data backs them).

    The keys are locked before anything is read, so two computations of one key never overlap: the later one reads
    everything the earlier one read, and its stamp is higher. The stamp is what keeps an older computation from
    overwriting a newer one if a lock was ever lost (connection dropped while the process kept going).
    """
    work = ProjectionPlan(
        slugs=set(plan.slugs),
        catalog=plan.catalog,
        library=set(plan.library),
        titles=set(plan.titles),
        history=set(plan.history),
    )
    if plan.anime_ids:
        work.slugs |= await source.slugs_of(plan.anime_ids)
    if plan.progress:
        work.titles |= await source.user_titles(plan.progress)
        for scope in sorted(plan.progress):
            work.titles |= {
                UserTitle(scope.user_id, scope.provider, title) for title in await sink.recent_titles(scope)
            }
    outcome = WriteOutcome(written=0, stale=0)
    models = ComputedModels()
    if work.slugs or work.library or work.titles or work.history:
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
        if work.titles:
            models.titles = await source.titles(work.titles)
        models.legacy_progress = sorted(plan.progress)
        if work.history:
            models.history_last = await source.history_last(work.history)
        outcome = await sink.write(models, stamp)
    if work.catalog:
        await sink.ensure_catalog()
    return ProjectedModels(models=models.count, outcome=outcome)
