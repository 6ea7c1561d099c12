"""Ports of the projection use cases. Adapters: ``ani_write.infrastructure.projection``."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from ani_common.readmodels.shapes import AnimeDetail, CatalogItem, HistoryLast, LibraryEntry, TitleModel

__all__ = [
    "ClaimedBatch",
    "ClaimedEvent",
    "ClaimedJob",
    "ComputedModels",
    "ModelSource",
    "ModelStore",
    "Outbox",
    "ProjectionMetrics",
    "ReadModelSink",
    "RebuildJob",
    "RebuildJobs",
    "UserScope",
    "UserTitle",
    "WriteOutcome",
]


@dataclass(frozen=True, slots=True, order=True)
class UserScope:
    """The read models of one user for one provider (``user:<id>:{library,progress,history:last}:<provider>``)."""

    user_id: int
    provider: str


@dataclass(frozen=True, slots=True, order=True)
class UserTitle:
    """One viewer's model of one title (``user:<id>:title:<provider>:<title id>``)."""

    user_id: int
    provider: str
    title_id: str

    @property
    def scope(self) -> UserScope:
        return UserScope(self.user_id, self.provider)


@dataclass(frozen=True, slots=True)
class ClaimedEvent:
    id: int
    topic: str
    payload: Mapping[str, Any]
    created_at: datetime


@dataclass(slots=True)
class ComputedModels:
    """Read models recomputed from PostgreSQL, ready to be written with one stamp."""

    anime: list[tuple[CatalogItem, AnimeDetail]] = field(default_factory=list)
    #: slugs that are no anime's (deleted, renamed away) or an inactive anime's: gone from catalog and detail
    deleted_slugs: list[str] = field(default_factory=list)
    libraries: dict[UserScope, list[LibraryEntry]] = field(default_factory=dict)
    titles: dict[UserTitle, TitleModel] = field(default_factory=dict)
    #: scopes whose every title was recomputed: the whole-array progress key of earlier versions is removed
    legacy_progress: list[UserScope] = field(default_factory=list)
    history_last: dict[UserScope, HistoryLast | None] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return (
            len(self.anime) + len(self.deleted_slugs) + len(self.libraries) + len(self.titles) + len(self.history_last)
        )


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    written: int
    #: writes refused because a newer computation (higher stamp) was already stored
    stale: int


class ModelSource(Protocol):
    """PostgreSQL, inside one transaction: locks read-model keys and computes the models (batched queries)."""

    async def lock(self, keys: Collection[str]) -> int:
        """Wait for exclusive use of these read-model keys until the transaction ends (every projector and rebuild
        takes the same locks, in one global order); return the stamp of the computation that follows (grows with
        time, taken after the locks)."""
        ...

    async def slugs_of(self, anime_ids: Collection[UUID]) -> set[str]: ...

    async def user_titles(self, scopes: Collection[UserScope]) -> set[UserTitle]:
        """Every title these viewers have a library row or progress rows for."""
        ...

    async def active_anime(self, slugs: Collection[str]) -> dict[str, tuple[CatalogItem, AnimeDetail]]: ...

    async def libraries(self, scopes: Collection[UserScope]) -> dict[UserScope, list[LibraryEntry]]: ...

    async def titles(self, titles: Collection[UserTitle]) -> dict[UserTitle, TitleModel]:
        """Each viewer's model of each title (an empty model when the viewer has neither library row nor progress)."""
        ...

    async def history_last(self, scopes: Collection[UserScope]) -> dict[UserScope, HistoryLast | None]: ...


class ModelStore(Protocol):
    """PostgreSQL outside the outbox: enumerations for rebuilds and short transactions of their own."""

    def transaction(self) -> AbstractAsyncContextManager[ModelSource]:
        """A transaction (committed on success, rolled back on error) holding the locks taken in it."""
        ...

    async def active_slugs(self) -> list[str]: ...

    async def user_scopes(self, user_id: int | None = None) -> list[UserScope]:
        """Every (user, provider) that has library, progress or history rows (optionally of one user)."""
        ...


class ReadModelSink(Protocol):
    """Redis, through :class:`ani_common.readmodels.writer.ReadModelWriter` (stamped, atomic per key family)."""

    async def write(self, models: ComputedModels, stamp: int) -> WriteOutcome: ...

    async def ensure_catalog(self) -> None: ...

    async def recent_titles(self, scope: UserScope) -> set[str]:
        """Titles the viewer's recent-titles zset holds in Redis (recomputed with a user's titles, so that those no
        longer backed by data are removed)."""
        ...

    async def begin_full_rebuild(self) -> str:
        """Record that a full rebuild starts; its token."""
        ...

    async def finish_full_rebuild(self, token: str) -> bool:
        """Record that the full rebuild ``token`` wrote every model; ``False`` (nothing recorded) when Redis lost its
        data meanwhile or a later full rebuild started."""
        ...

    async def full_rebuild_recorded(self) -> bool:
        """Whether a full rebuild completed in this Redis since it last lost its data (never on a fresh one). Not the
        catalog version: the first catalog item written after a data loss creates that one."""
        ...

    async def projected_anime_slugs(self) -> set[str]:
        """Slugs that have a catalog entry or a detail key in Redis (to find what a rebuild must remove)."""
        ...


class ClaimedBatch(Protocol):
    """Outbox rows claimed (row-locked) in an open transaction; models are computed in that same transaction."""

    @property
    def events(self) -> Sequence[ClaimedEvent]: ...

    @property
    def source(self) -> ModelSource: ...

    async def mark_processed(self) -> list[float]:
        """Mark every claimed row processed (committed when the batch context exits without error); returns each
        row's projection lag in seconds (row creation → now, after Redis was written)."""
        ...


class Outbox(Protocol):
    def claim(self, limit: int) -> AbstractAsyncContextManager[ClaimedBatch]:
        """Claim up to ``limit`` pending rows (oldest first, skipping rows other projectors hold; rebuild requests
        excluded). Commits on a clean exit, rolls back (rows stay pending) on an exception."""
        ...

    async def purge(self, older_than_seconds: float, batch_size: int) -> int:
        """Delete one batch of rows processed more than ``older_than_seconds`` ago; return how many."""
        ...


@dataclass(frozen=True, slots=True)
class RebuildJob:
    id: UUID
    scope: str
    target: str | None
    status: str


class ClaimedJob(Protocol):
    """A ``rebuild_requested`` event held (row-locked) for the duration of its job."""

    @property
    def job(self) -> RebuildJob | None:
        """The job row, or ``None`` when the event names no existing job."""
        ...

    async def start(self) -> None:
        """``running``, ``started_at`` set, progress reset — committed at once (visible to the admin panel)."""
        ...

    async def report(self, done: int, total: int) -> None:
        """Progress, committed at once."""
        ...

    async def finish(self, error: str | None) -> None:
        """``succeeded`` or ``failed`` (with ``error``), committed together with the event's ``processed_at``."""
        ...

    async def discard(self) -> None:
        """Mark the event processed without touching the job (no such job, or it already ran to its end)."""
        ...


class RebuildJobs(Protocol):
    async def request_full_rebuild(self) -> UUID | None:
        """Queue a ``rebuild all`` job (row + event, one transaction) unless one is already pending or running, or
        another replica is queueing one right now; return its id, or ``None`` when nothing was queued."""
        ...

    def claim_next(self) -> AbstractAsyncContextManager[ClaimedJob | None]:
        """The oldest pending ``rebuild_requested`` event nobody holds, or ``None``. Leaving the context without
        ``finish`` (crash, shutdown) leaves the event pending: another projector runs the job again."""
        ...


class ProjectionMetrics(Protocol):
    def batch(self, events: Sequence[ClaimedEvent], lags: Sequence[float], outcome: WriteOutcome) -> None: ...

    def error(self, stage: str) -> None: ...

    def invalid_event(self, topic: str) -> None: ...
