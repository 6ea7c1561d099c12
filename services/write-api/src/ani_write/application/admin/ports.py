"""The admin ports.

* :class:`AdminRepository` runs inside the unit of work (``uow.admin``), so a change and its audit row share one
  transaction: row-locking reads and the writes of the curated resources (one generic set of methods, keyed by
  :mod:`~ani_write.application.admin.resources`), the audit log and rebuild jobs.
* :class:`AdminQueries` answers the admin reads on a connection of its own (no transaction, no locks).

A write that would take a unique key already in use (an episode's ``source_episode_id`` under its anime, a video
source's ``(url, source_name)`` under its episode, an anime's slug) raises
:class:`~ani_write.application.errors.CatalogConflictError`: the statement failed and aborted the transaction, so the
use case lets the error propagate and the unit of work rolls everything back. Only the anime insert is different: it
skips a taken key and returns ``None``, leaving the transaction usable (the slug derivation tries the next candidate).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from ani_write.application.admin.models import (
    AdminAnime,
    AdminAnimeListItem,
    AnimeEpisodes,
    AnimeListFilter,
    AnimeRef,
    AuditEntry,
    AuditFilter,
    AuditLog,
    Dashboard,
    EpisodeVideos,
    Page,
    RebuildJob,
)
from ani_write.application.admin.resources import C, Resource, Row

__all__ = ["AdminQueries", "AdminRepository"]


class AdminRepository(Protocol):
    async def locked(self, resource: Resource[Row, C], row_id: UUID) -> tuple[Row, AnimeRef] | None:
        """The row, locked (``FOR UPDATE``) until the transaction ends, with the anime it belongs to (an anime: its
        own id and slug)."""
        ...

    async def anime_ref(self, anime_id: UUID) -> AnimeRef | None:
        """Id and slug, with a key-share lock (the anime cannot be deleted until the transaction ends)."""
        ...

    async def insert(
        self, resource: Resource[Row, C], identity: Sequence[object], values: C, locked_fields: Sequence[str]
    ) -> Row | None:
        """Insert an admin-created row (``admin_modified``): ``identity`` holds the values of ``resource.identity``,
        ``values`` the editable fields (an unset one takes the column's default: ``is_active`` true, ``priority`` 0,
        else null). ``None`` only for an anime whose slug or source key is already taken (nothing written)."""
        ...

    async def update(
        self, resource: Resource[Row, C], row_id: UUID, changes: C, locked_fields: Sequence[str]
    ) -> Row | None:
        """Set the given fields, ``locked_fields``, ``admin_modified`` and ``updated_at``; ``None`` when there is no
        such row."""
        ...

    async def set_locks(self, resource: Resource[Row, C], row_id: UUID, locked_fields: Sequence[str]) -> Row | None:
        """Replace ``locked_fields`` (and move ``updated_at``); ``None`` when there is no such row."""
        ...

    async def delete(self, resource: Resource[Row, C], row_id: UUID) -> bool:
        """Delete the row with what belongs to it (database cascade: an anime's episodes and their sources)."""
        ...

    async def add_audit(self, entry: AuditEntry) -> None: ...

    async def insert_rebuild_job(
        self, job_id: UUID, scope: str, target: str | None, requested_by: int
    ) -> RebuildJob: ...


class AdminQueries(Protocol):
    async def dashboard(self) -> Dashboard:
        """Catalog counts, the newest titles and episodes, the latest admin changes."""
        ...

    async def list_anime(self, query: AnimeListFilter) -> Page[AdminAnimeListItem]:
        """Every anime (inactive included), searched, filtered and paged, newest edit first."""
        ...

    async def anime(self, anime_id: UUID) -> AdminAnime | None:
        """One anime by id, whatever its state."""
        ...

    async def episodes(self, anime_id: UUID) -> AnimeEpisodes | None:
        """Every episode of the anime (inactive included) by number; ``None`` when there is no such anime."""
        ...

    async def videos(self, episode_id: UUID) -> EpisodeVideos | None:
        """Every source of the episode (inactive included), highest priority first; ``None`` without the episode."""
        ...

    async def audit_logs(self, query: AuditFilter) -> Page[AuditLog]:
        """The audit log, newest first, paged and filtered (admin, resource, action, time range)."""
        ...

    async def rebuild_job(self, job_id: UUID) -> RebuildJob | None:
        """A rebuild job's state (``pending`` → ``running`` → ``succeeded``/``failed``) and progress."""
        ...
