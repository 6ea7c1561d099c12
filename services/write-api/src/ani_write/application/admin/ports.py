"""The admin repository port: row-locking reads and writes of the catalog for curation, the audit log and rebuild
jobs. It runs inside the unit of work (``uow.admin``), so a change and its audit row share one transaction.

Writes raise :class:`~ani_write.application.errors.CatalogConflictError` when a unique key is taken (nothing is
written) and return ``None`` where the row vanished concurrently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol
from uuid import UUID

from ani_write.application.admin.models import (
    AdminAnime,
    AdminAnimeListItem,
    AdminEpisode,
    AdminVideo,
    AnimeListFilter,
    AnimeRef,
    AuditEntry,
    AuditFilter,
    AuditLog,
    Dashboard,
    Page,
    RebuildJob,
)

__all__ = ["AdminRepository"]


class AdminRepository(Protocol):
    # ---------------------------------------------------------------- reads
    async def dashboard(self) -> Dashboard: ...

    async def list_anime(self, query: AnimeListFilter) -> Page[AdminAnimeListItem]: ...

    async def get_anime(self, anime_id: UUID, *, lock: bool = False) -> AdminAnime | None:
        """``lock`` takes a row lock (``FOR UPDATE``) until the transaction ends."""
        ...

    async def anime_ref(self, anime_id: UUID) -> AnimeRef | None:
        """Id and slug, with a key-share lock (the anime cannot be deleted until the transaction ends)."""
        ...

    async def list_episodes(self, anime_id: UUID) -> list[AdminEpisode]: ...

    async def get_episode(self, episode_id: UUID, *, lock: bool = False) -> tuple[AdminEpisode, AnimeRef] | None: ...

    async def list_videos(self, episode_id: UUID) -> list[AdminVideo]: ...

    async def get_video(self, video_id: UUID, *, lock: bool = False) -> tuple[AdminVideo, AnimeRef] | None: ...

    async def list_audit_logs(self, query: AuditFilter) -> Page[AuditLog]: ...

    async def get_rebuild_job(self, job_id: UUID) -> RebuildJob | None: ...

    # ---------------------------------------------------------------- writes
    async def insert_anime(
        self, values: Mapping[str, Any], *, source_name: str, source_id: str, locked_fields: Sequence[str]
    ) -> AdminAnime | None:
        """Insert an admin-created anime (``admin_modified``); values hold every editable field incl. ``slug``.
        ``None`` when the slug is already taken (nothing written, the transaction stays usable)."""
        ...

    async def update_anime(
        self, anime_id: UUID, changes: Mapping[str, Any], locked_fields: Sequence[str]
    ) -> AdminAnime | None:
        """Set ``changes``, ``locked_fields``, ``admin_modified`` and ``updated_at``."""
        ...

    async def set_anime_locks(self, anime_id: UUID, locked_fields: Sequence[str]) -> AdminAnime | None: ...

    async def delete_anime(self, anime_id: UUID) -> bool:
        """Delete the anime with its episodes and their sources (database cascade)."""
        ...

    async def insert_episode(
        self, anime_id: UUID, source_episode_id: str, values: Mapping[str, Any], locked_fields: Sequence[str]
    ) -> AdminEpisode: ...

    async def update_episode(
        self, episode_id: UUID, changes: Mapping[str, Any], locked_fields: Sequence[str]
    ) -> AdminEpisode | None:
        """``changes`` may include ``anime_id`` (moving the episode)."""
        ...

    async def set_episode_locks(self, episode_id: UUID, locked_fields: Sequence[str]) -> AdminEpisode | None: ...

    async def delete_episode(self, episode_id: UUID) -> bool: ...

    async def insert_video(
        self, episode_id: UUID, values: Mapping[str, Any], locked_fields: Sequence[str]
    ) -> AdminVideo: ...

    async def update_video(
        self, video_id: UUID, changes: Mapping[str, Any], locked_fields: Sequence[str]
    ) -> AdminVideo | None: ...

    async def set_video_locks(self, video_id: UUID, locked_fields: Sequence[str]) -> AdminVideo | None: ...

    async def delete_video(self, video_id: UUID) -> bool: ...

    async def add_audit(self, entry: AuditEntry) -> None: ...

    async def insert_rebuild_job(
        self, job_id: UUID, scope: str, target: str | None, requested_by: int
    ) -> RebuildJob: ...
