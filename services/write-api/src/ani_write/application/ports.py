"""Ports the use cases depend on. Adapters live in ``ani_write.infrastructure``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self
from uuid import UUID

from ani_write.application.admin.ports import AdminRepository
from ani_write.application.models import (
    AnimeDetail,
    CatalogFilter,
    CatalogPage,
    EpisodeWithSources,
    HistoryEntry,
    LibraryItem,
    ProgressEntry,
    StoredAnime,
    StoredEpisode,
    StoredVideo,
)
from ani_write.domain.catalog import AnimeImport, EpisodeImport, VideoImport
from ani_write.domain.events import Event
from ani_write.domain.limits import UserDataLimits

__all__ = [
    "CatalogQueries",
    "CatalogWriter",
    "EventSink",
    "HistoryRepository",
    "LegacyProgress",
    "LegacySaved",
    "LibraryChanges",
    "LibraryRepository",
    "ProgressRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserDataQueries",
]


class EventSink(Protocol):
    """Collects outbox events; the unit of work writes them in its transaction, one per ``(topic, key)``."""

    def add(self, event: Event) -> None: ...


@dataclass(frozen=True, slots=True)
class LibraryChanges:
    """``None`` = not given (kept); ``clear_score`` distinguishes an explicit ``"score": null``."""

    status: str | None = None
    is_favorite: bool | None = None
    score: int | None = None
    clear_score: bool = False
    episodes_watched: int | None = None


@dataclass(frozen=True, slots=True)
class LegacyProgress:
    title_id: str
    episode_id: str
    position_seconds: float
    duration_seconds: float
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class LegacySaved:
    title_id: str
    saved_at: datetime


class LibraryRepository(Protocol):
    async def upsert(self, user_id: int, provider: str, title_id: str, changes: LibraryChanges) -> LibraryItem | None:
        """Create or update the item; ``None`` (nothing written) when creating it would pass the user's cap."""
        ...

    async def count(self, user_id: int) -> int:
        """The user's library items over every provider."""
        ...

    async def delete(self, user_id: int, provider: str, title_id: str) -> bool: ...

    async def import_saved(self, user_id: int, provider: str, items: Sequence[LegacySaved]) -> int:
        """Apply legacy "saved series"; returns how many rows were created or updated."""
        ...


class ProgressRepository(Protocol):
    async def record(
        self,
        user_id: int,
        provider: str,
        episode_id: str,
        title_id: str,
        position: float,
        duration: float,
        translation_id: str | None,
        watched: bool,
    ) -> ProgressEntry | None:
        """Upsert the progress row (``translation_id`` ``None`` keeps the stored one; ``watched`` sets ``watched_at``
        unless already set), touch (or add) the episode's newest history entry and apply the library side effect
        (emitting ``library_changed`` when the library row changed), atomically. ``None`` (nothing written) when a
        new row would pass the user's progress cap; the library side effect is skipped past the library cap."""
        ...

    async def count(self, user_id: int) -> int:
        """The user's progress rows over every provider."""
        ...

    async def import_legacy(self, user_id: int, provider: str, items: Sequence[LegacyProgress]) -> int:
        """Apply legacy progress (newer wins, history added for new rows); returns how many rows changed."""
        ...


class HistoryRepository(Protocol):
    async def delete(self, user_id: int, history_id: int) -> str | None:
        """Delete the caller's entry; returns its provider, or ``None`` when there is no such entry of this user."""
        ...

    async def clear(self, user_id: int, provider: str) -> int: ...


class CatalogWriter(Protocol):
    async def lock_anime(self, source_name: str, source_id: str) -> StoredAnime | None: ...

    async def taken_slugs(self, candidates: Sequence[str]) -> set[str]:
        """Which of the candidate slugs are already used."""
        ...

    async def insert_anime(self, data: AnimeImport, slug: str) -> StoredAnime | None:
        """Insert; ``None`` when a unique key (slug or source) is already taken (nothing written)."""
        ...

    async def update_anime(self, anime_id: UUID, changes: dict[str, Any]) -> None: ...

    async def episodes_of(self, anime_id: UUID, source_episode_ids: Sequence[str]) -> dict[str, StoredEpisode]: ...

    async def insert_episodes(self, anime_id: UUID, episodes: Sequence[EpisodeImport]) -> dict[str, UUID]: ...

    async def update_episodes(self, changes: Sequence[tuple[UUID, dict[str, Any]]]) -> None: ...

    async def videos_of(self, episode_ids: Sequence[UUID]) -> dict[tuple[UUID, str, str], StoredVideo]: ...

    async def insert_videos(self, videos: Sequence[tuple[UUID, VideoImport]]) -> int: ...

    async def update_videos(self, changes: Sequence[tuple[UUID, dict[str, Any]]]) -> None: ...

    async def find_anime(self, source_name: str, source_id: str) -> StoredAnime | None: ...

    async def find_episodes(
        self, source_name: str, source_episode_id: str, anime_source_id: str | None
    ) -> list[tuple[StoredEpisode, str]]:
        """Episodes matching the source keys, each with its anime's slug."""
        ...


class UnitOfWork(Protocol):
    """One transaction and the repositories that run in it (read-only members: an adapter may narrow their types)."""

    @property
    def limits(self) -> UserDataLimits: ...

    @property
    def library(self) -> LibraryRepository: ...

    @property
    def progress(self) -> ProgressRepository: ...

    @property
    def history(self) -> HistoryRepository: ...

    @property
    def catalog(self) -> CatalogWriter: ...

    @property
    def admin(self) -> AdminRepository: ...

    @property
    def events(self) -> EventSink: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None:
        """Write the collected events and commit. Leaving the block without ``commit()`` rolls everything back."""
        ...

    def commit_with_next_statement(self) -> None:
        """Declare that the next repository call is the unit of work's last: the adapter may then run it, with the
        events collected so far, as one atomic statement (no separate BEGIN/COMMIT). Add the events first, call the
        repository, then ``commit()`` as usual."""
        ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class UserDataQueries(Protocol):
    async def library(
        self, user_id: int, provider: str, status: str | None, favorites_only: bool
    ) -> list[LibraryItem]: ...

    async def progress(self, user_id: int, provider: str, title_id: str | None) -> list[ProgressEntry]: ...

    async def history(self, user_id: int, provider: str, limit: int, before: datetime | None) -> list[HistoryEntry]: ...


class CatalogQueries(Protocol):
    async def list_anime(self, query: CatalogFilter) -> CatalogPage: ...

    async def anime_by_slug(self, slug: str) -> AnimeDetail | None: ...

    async def episodes_by_slug(self, slug: str) -> list[EpisodeWithSources] | None:
        """Active episodes with active sources of an active anime; ``None`` when the anime is not visible."""
        ...
