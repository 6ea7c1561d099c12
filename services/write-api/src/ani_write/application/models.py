"""Results the use cases return (shaped like the contract's objects; the API layer serialises them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from ani_write.domain.catalog import ChangeCounts

__all__ = [
    "AnimeDetail",
    "AnimeSummary",
    "CatalogFilter",
    "CatalogPage",
    "EpisodeWithSources",
    "HistoryAnime",
    "HistoryEntry",
    "HistoryEpisode",
    "ImportResult",
    "LibraryItem",
    "ProgressEntry",
    "StoredAnime",
    "StoredEpisode",
    "StoredVideo",
    "VideoSourcePublic",
]


@dataclass(frozen=True, slots=True)
class LibraryItem:
    id: int
    user_id: int
    provider: str
    title_id: str
    status: str
    is_favorite: bool
    score: int | None
    episodes_watched: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ProgressEntry:
    id: int
    user_id: int
    provider: str
    title_id: str
    episode_id: str
    position_seconds: float
    duration_seconds: float
    updated_at: datetime
    translation_id: str | None = None
    watched: bool = False


@dataclass(frozen=True, slots=True)
class HistoryAnime:
    slug: str
    title: str
    poster: str | None


@dataclass(frozen=True, slots=True)
class HistoryEpisode:
    number: int
    season: int | None
    title: str | None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    user_id: int
    provider: str
    title_id: str
    episode_id: str
    position_seconds: float | None
    watched_at: datetime
    anime: HistoryAnime | None = None
    episode: HistoryEpisode | None = None


@dataclass(frozen=True, slots=True)
class AnimeSummary:
    id: UUID
    title: str
    slug: str
    description: str | None
    year: int | None
    status: str | None
    poster: str | None
    genres: list[str] | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AnimeDetail:
    id: UUID
    title: str
    slug: str
    description: str | None
    year: int | None
    status: str | None
    poster: str | None
    genres: list[str] | None
    alternative_titles: list[str] | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class VideoSourcePublic:
    id: UUID
    type: str
    url: str
    source_name: str
    priority: int
    translation_id: str | None
    translation_title: str | None
    translation_type: str | None
    quality: str | None


@dataclass(frozen=True, slots=True)
class EpisodeWithSources:
    id: UUID
    number: int
    season: int | None
    title: str | None
    video_sources: list[VideoSourcePublic]


@dataclass(frozen=True, slots=True)
class CatalogFilter:
    skip: int = 0
    limit: int = 50
    year: int | None = None
    status: str | None = None
    genre: str | None = None
    q: str | None = None
    sort: str = "title"


@dataclass(frozen=True, slots=True)
class CatalogPage:
    items: list[AnimeSummary]
    total: int


@dataclass(frozen=True, slots=True)
class StoredAnime:
    """The importable state of a catalog row, as the import compares it."""

    id: UUID
    slug: str
    locked_fields: frozenset[str]
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredEpisode:
    id: UUID
    anime_id: UUID
    source_episode_id: str
    locked_fields: frozenset[str]
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredVideo:
    id: UUID
    episode_id: UUID
    url: str
    source_name: str
    locked_fields: frozenset[str]
    values: dict[str, Any]


@dataclass(slots=True)
class ImportResult:
    source_id: str
    status: str  # created | updated | unchanged | failed
    slug: str | None = None
    anime_id: UUID | None = None
    error: str | None = None
    episodes: ChangeCounts = field(default_factory=ChangeCounts)
    videos: ChangeCounts = field(default_factory=ChangeCounts)
