"""Rebuild read models from PostgreSQL: everything, one anime, or one user.

Safe while projectors run: every chunk locks its keys like a projector pass does and writes with a fresh stamp, so
whichever of the two computes a key last (and therefore read the newest data) is what stays in Redis.

A full rebuild records its completion in Redis (``keys.CATALOG_REBUILT``) only if Redis kept everything it wrote (its
start token is still there): that record is what the projector's heal loop checks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from ani_common.logging import get_logger
from ani_common.readmodels import keys
from ani_write.application.projection.plan import ProjectionPlan
from ani_write.application.projection.ports import ModelStore, ReadModelSink, UserScope
from ani_write.application.projection.project_models import project_models

__all__ = [
    "InvalidRebuildTargetError",
    "ProgressCallback",
    "RebuildReadModels",
    "RebuildRequest",
    "RebuildResult",
    "RebuildScope",
]

T = TypeVar("T")

log = get_logger(__name__)

ProgressCallback = Callable[[int, int], Awaitable[None]]


class RebuildScope(StrEnum):
    ALL = "all"
    ANIME = "anime"
    USER = "user"


class InvalidRebuildTargetError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class RebuildRequest:
    scope: RebuildScope = RebuildScope.ALL
    slug: str | None = None
    user_id: int | None = None
    provider: str | None = None

    def __post_init__(self) -> None:
        if self.scope is RebuildScope.ANIME and not self.slug:
            raise InvalidRebuildTargetError("an anime rebuild needs a slug")
        if self.scope is RebuildScope.USER:
            if self.user_id is None or self.user_id < 1:
                raise InvalidRebuildTargetError("a user rebuild needs a positive user id")
            if self.provider is not None and not keys.valid_provider(self.provider):
                raise InvalidRebuildTargetError(f"provider must match {keys.PROVIDER_REGEX}")

    @classmethod
    def from_job(cls, scope: str, target: str | None) -> RebuildRequest:
        """``rebuild_jobs`` row: scope ``all`` (no target), ``anime`` (target = slug), ``user`` (target = ``<id>`` for
        every provider the user has data for, or ``<id>:<provider>``)."""
        try:
            kind = RebuildScope(scope)
        except ValueError:
            raise InvalidRebuildTargetError(f"unknown rebuild scope {scope!r}") from None
        if kind is RebuildScope.ALL:
            return cls()
        if kind is RebuildScope.ANIME:
            return cls(RebuildScope.ANIME, slug=target)
        user, _, provider = (target or "").partition(":")
        if not user.isdigit():
            raise InvalidRebuildTargetError("a user rebuild target is <user id> or <user id>:<provider>")
        return cls(RebuildScope.USER, user_id=int(user), provider=provider or None)


@dataclass(frozen=True, slots=True)
class RebuildResult:
    total: int
    models: int
    stale: int


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


class RebuildReadModels:
    def __init__(self, store: ModelStore, sink: ReadModelSink, *, chunk_size: int = 250) -> None:
        self._store = store
        self._sink = sink
        self._chunk_size = chunk_size

    async def __call__(self, request: RebuildRequest, progress: ProgressCallback | None = None) -> RebuildResult:
        slugs: list[str]
        scopes: list[UserScope]
        token = None
        if request.scope is RebuildScope.ALL:
            token = await self._sink.begin_full_rebuild()
            active = await self._store.active_slugs()
            # Projected slugs that are no longer active anime: recomputed like any other, hence removed.
            gone = sorted(await self._sink.projected_anime_slugs() - set(active))
            slugs = active + gone
            scopes = await self._store.user_scopes()
        elif request.scope is RebuildScope.ANIME:
            assert request.slug is not None  # noqa: S101 - validated by RebuildRequest
            slugs, scopes = [request.slug], []
        else:
            assert request.user_id is not None  # noqa: S101 - validated by RebuildRequest
            slugs = []
            if request.provider is not None:
                scopes = [UserScope(request.user_id, request.provider)]
            else:
                found = set(await self._store.user_scopes(request.user_id))
                scopes = sorted(found | {UserScope(request.user_id, keys.DEFAULT_PROVIDER)})
        total = len(slugs) + len(scopes)
        done = models = stale = 0
        if progress is not None:
            await progress(done, total)
        plans = [ProjectionPlan(slugs=set(chunk)) for chunk in _chunks(slugs, self._chunk_size)]
        plans += [
            ProjectionPlan(library=set(chunk), progress=set(chunk), history=set(chunk))
            for chunk in _chunks(scopes, self._chunk_size)
        ]
        for plan in plans:
            async with self._store.transaction() as source:
                projected = await project_models(plan, source, self._sink)
            models += projected.models
            stale += projected.outcome.stale
            done += len(plan.slugs) + len(plan.library)
            if progress is not None:
                await progress(done, total)
        if token is not None:
            await self._sink.ensure_catalog()
            if not await self._sink.finish_full_rebuild(token):
                # Redis lost its data while this ran (or another full rebuild started): the heal loop queues another.
                log.warning("Full rebuild finished but not recorded: Redis lost its data meanwhile, or another started")
        return RebuildResult(total=total, models=models, stale=stale)
