"""Coalescing: many outbox events become one recomputation per read-model key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from ani_common.readmodels import keys
from ani_write.application.projection.ports import ClaimedEvent, UserScope, UserTitle
from ani_write.domain.events import (
    ANIME_CHANGED,
    CATALOG_CHANGED,
    HISTORY_CHANGED,
    LIBRARY_CHANGED,
    PROGRESS_CHANGED,
)

__all__ = ["ProjectionPlan", "plan_events"]


@dataclass(slots=True)
class ProjectionPlan:
    """What to recompute. Anime models are keyed by slug (the read-model key); an event's anime id adds the anime's
    current slug, its slug adds that slug (the old one after a rename or a deletion: recomputed, hence removed)."""

    slugs: set[str] = field(default_factory=set)
    anime_ids: set[UUID] = field(default_factory=set)
    catalog: bool = False
    library: set[UserScope] = field(default_factory=set)
    #: scopes whose every title model is recomputed (events without ``title_id``, written by earlier versions or by
    #: the legacy import; rebuilds)
    progress: set[UserScope] = field(default_factory=set)
    #: single title models (``progress_changed`` / ``library_changed`` with ``title_id``)
    titles: set[UserTitle] = field(default_factory=set)
    history: set[UserScope] = field(default_factory=set)
    #: events that cannot be projected (malformed payload, unknown topic): skipped, counted and logged
    invalid: list[ClaimedEvent] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.slugs or self.anime_ids or self.catalog or self.library or self.progress or self.titles or self.history
        )


def _scope(event: ClaimedEvent) -> UserScope | None:
    user_id = event.payload.get("user_id")
    provider = event.payload.get("provider")
    if isinstance(user_id, bool) or not isinstance(user_id, int) or not isinstance(provider, str):
        return None
    if not keys.valid_provider(provider):
        return None
    return UserScope(user_id, provider)


def _title(event: ClaimedEvent, scope: UserScope) -> UserTitle | None:
    title_id = event.payload.get("title_id")
    if isinstance(title_id, str) and title_id:
        return UserTitle(scope.user_id, scope.provider, title_id)
    return None


def _add_anime(plan: ProjectionPlan, event: ClaimedEvent) -> bool:
    slug = event.payload.get("slug")
    anime_id = event.payload.get("anime_id")
    found = False
    if isinstance(slug, str) and slug:
        plan.slugs.add(slug)
        found = True
    if isinstance(anime_id, str):
        try:
            plan.anime_ids.add(UUID(anime_id))
            found = True
        except ValueError:
            return False
    return found


def plan_events(events: Iterable[ClaimedEvent]) -> ProjectionPlan:
    plan = ProjectionPlan()
    targets = {LIBRARY_CHANGED: plan.library, HISTORY_CHANGED: plan.history}
    for event in events:
        if event.topic == ANIME_CHANGED:
            if not _add_anime(plan, event):
                plan.invalid.append(event)
        elif event.topic == CATALOG_CHANGED:
            plan.catalog = True
        elif event.topic in (LIBRARY_CHANGED, PROGRESS_CHANGED, HISTORY_CHANGED):
            scope = _scope(event)
            if scope is None:
                plan.invalid.append(event)
                continue
            if event.topic in targets:
                targets[event.topic].add(scope)
            if event.topic == HISTORY_CHANGED:
                continue
            # progress and library changes also change the title's model: that one title, or (events without a
            # title, from earlier versions) every title of the viewer
            title = _title(event, scope)
            if title is not None:
                plan.titles.add(title)
            else:
                plan.progress.add(scope)
        else:
            plan.invalid.append(event)
    return plan
