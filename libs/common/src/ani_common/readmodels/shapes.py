"""Read-model payload shapes (docs/contract.md 26-29; key names: appendix B) and their serialisation to bytes.

Field order is the order of the dataclass fields. Datetimes must be timezone-aware; they are converted to UTC and
written like the replaced system wrote them (``isoformat()``: ``2026-11-26T06:40:27.059931+00:00``). UUIDs are
written as lower-case hyphenated strings. Serialisation is deterministic: the same input always gives the same bytes,
so a rebuild from scratch and an incremental projection produce identical values (and identical ETags).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import orjson

__all__ = [
    "ANIME_STATUSES",
    "AnimeDetail",
    "AnimeSummary",
    "CatalogItem",
    "Episode",
    "GenreCount",
    "HistoryLast",
    "LibraryEntry",
    "ProgressEntry",
    "TitleEpisode",
    "TitleLibrary",
    "TitleModel",
    "TitleProgress",
    "VideoSource",
    "dumps",
    "etag_of",
    "from_micros",
    "micros",
    "utc",
]

ANIME_STATUSES = ("ongoing", "completed", "upcoming")


def utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("read-model datetimes must be timezone-aware")
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class CatalogItem:
    """One entry of the catalog (``anime:catalog:all`` of the replaced system + ``id``). Only active anime are projected
    (``is_active`` is true)."""

    id: UUID
    slug: str
    title: str
    poster: str | None
    year: int | None
    status: str | None
    genres: tuple[str, ...]
    alternative_titles: tuple[str, ...]
    last_updated: datetime
    is_active: bool = True
    #: number of active episodes (docs/contract.md F37)
    episodes_total: int = 0
    #: ``created_at`` of the newest active episode, ``None`` without episodes (F37)
    latest_episode_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "slug": self.slug,
            "title": self.title,
            "poster": self.poster,
            "year": self.year,
            "status": self.status,
            "genres": list(self.genres),
            "alternative_titles": list(self.alternative_titles),
            "is_active": self.is_active,
            "last_updated": utc(self.last_updated),
            "episodes_total": self.episodes_total,
            "latest_episode_at": None if self.latest_episode_at is None else utc(self.latest_episode_at),
        }


@dataclass(frozen=True, slots=True)
class GenreCount:
    """One entry of the genre facet (docs/contract.md F30): a genre as the catalog items spell it and the number of
    active catalog items that have it (matched case-insensitively, like the catalog's ``genre`` filter)."""

    name: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "count": self.count}


@dataclass(frozen=True, slots=True)
class VideoSource:
    """An active video source (ids added; translation fields from docs/contract.md 23 are additive)."""

    id: UUID
    type: str
    url: str
    source_name: str
    priority: int
    translation_id: str | None = None
    translation_title: str | None = None
    translation_type: str | None = None
    quality: str | None = None
    is_active: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "url": self.url,
            "source_name": self.source_name,
            "priority": self.priority,
            "translation_id": self.translation_id,
            "translation_title": self.translation_title,
            "translation_type": self.translation_type,
            "quality": self.quality,
            "is_active": self.is_active,
        }


@dataclass(frozen=True, slots=True)
class Episode:
    """An active episode with its active sources; sources are written by ``priority`` descending (stable).

    ``season`` is the episode's season (``0`` = specials, ``None`` = the provider gives none; docs/contract.md F6,
    in the read model since F29)."""

    id: UUID
    number: int
    season: int | None
    title: str | None
    video_sources: tuple[VideoSource, ...]

    def to_json(self) -> dict[str, Any]:
        ordered = sorted(self.video_sources, key=lambda source: -source.priority)
        return {
            "id": self.id,
            "number": self.number,
            "season": self.season,
            "title": self.title,
            "video_sources": [source.to_json() for source in ordered],
        }

    def order(self) -> tuple[bool, int, int, UUID]:
        """Sort key of the detail's episodes: ``season NULLS FIRST, number, id`` — the order of
        ``GET /api/v1/anime/{slug}/episodes`` (a Python ``UUID`` compares like PostgreSQL's ``uuid``: byte order)."""
        return (self.season is not None, self.season or 0, self.number, self.id)


@dataclass(frozen=True, slots=True)
class AnimeDetail:
    """Detail of one active anime (``anime:detail:<slug>`` of the replaced system + ``id``); episodes ordered by
    ``season`` (``null`` first), then ``number``, then ``id`` (:meth:`Episode.order`), whatever order they are given
    in."""

    id: UUID
    slug: str
    title: str
    description: str | None
    year: int | None
    status: str | None
    poster: str | None
    genres: tuple[str, ...]
    alternative_titles: tuple[str, ...]
    episodes: tuple[Episode, ...]
    last_updated: datetime
    is_active: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "slug": self.slug,
            "title": self.title,
            "description": self.description,
            "year": self.year,
            "status": self.status,
            "poster": self.poster,
            "genres": list(self.genres),
            "alternative_titles": list(self.alternative_titles),
            "is_active": self.is_active,
            "episodes": [episode.to_json() for episode in sorted(self.episodes, key=Episode.order)],
            "last_updated": utc(self.last_updated),
        }


@dataclass(frozen=True, slots=True)
class AnimeSummary:
    """Embedded in library entries when the title is in the catalog (docs/contract.md 29)."""

    slug: str
    title: str
    poster: str | None

    def to_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "title": self.title, "poster": self.poster}


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """``user:<id>:library:<provider>`` entry + ``score``/``episodes_watched`` (docs/contract.md 16) + ``anime`` (29;
    ``null`` when the title is not in the catalog)."""

    title_id: str
    provider: str
    status: str
    is_favorite: bool
    updated_at: datetime
    score: int | None = None
    episodes_watched: int = 0
    anime: AnimeSummary | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title_id": self.title_id,
            "provider": self.provider,
            "status": self.status,
            "is_favorite": self.is_favorite,
            "score": self.score,
            "episodes_watched": self.episodes_watched,
            "updated_at": utc(self.updated_at),
            "anime": self.anime.to_json() if self.anime is not None else None,
        }


@dataclass(frozen=True, slots=True)
class ProgressEntry:
    """One row of ``user:<id>:progress:<provider>`` (the legacy layout; docs/contract.md F38)."""

    episode_id: str
    title_id: str
    provider: str
    position_seconds: float
    duration_seconds: float
    updated_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "episode_id": self.episode_id,
            "title_id": self.title_id,
            "provider": self.provider,
            "position_seconds": float(self.position_seconds),
            "duration_seconds": float(self.duration_seconds),
            "updated_at": utc(self.updated_at),
        }


@dataclass(frozen=True, slots=True)
class TitleLibrary:
    """The viewer's library row of one title, inside :class:`TitleModel`."""

    status: str
    is_favorite: bool
    score: int | None
    episodes_watched: int
    updated_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "is_favorite": self.is_favorite,
            "score": self.score,
            "episodes_watched": self.episodes_watched,
            "updated_at": utc(self.updated_at),
        }


@dataclass(frozen=True, slots=True)
class TitleEpisode:
    """A progress row's catalog episode (number and season at projection time)."""

    number: int
    season: int | None

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "season": self.season}


@dataclass(frozen=True, slots=True)
class TitleProgress:
    """One progress row of a title (route 45's item plus ``episode``)."""

    episode_id: str
    title_id: str
    provider: str
    position_seconds: float
    duration_seconds: float
    translation_id: str | None
    watched: bool
    updated_at: datetime
    episode: TitleEpisode | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "episode_id": self.episode_id,
            "title_id": self.title_id,
            "provider": self.provider,
            "position_seconds": float(self.position_seconds),
            "duration_seconds": float(self.duration_seconds),
            "translation_id": self.translation_id,
            "watched": self.watched,
            "updated_at": utc(self.updated_at),
            "episode": None if self.episode is None else self.episode.to_json(),
        }


@dataclass(frozen=True, slots=True)
class TitleModel:
    """A viewer's state of one title (``GET /api/read/me/titles/{title_id}``, docs/contract.md F33): the library row
    (or ``None``), the translation of the most recently updated progress row that has one, and every progress row
    ``updated_at`` DESC (the caller orders them)."""

    title_id: str
    provider: str
    library: TitleLibrary | None
    progress: tuple[TitleProgress, ...]

    @property
    def translation_id(self) -> str | None:
        return next((row.translation_id for row in self.progress if row.translation_id is not None), None)

    @property
    def empty(self) -> bool:
        return self.library is None and not self.progress

    @property
    def last_progress_at(self) -> datetime | None:
        return self.progress[0].updated_at if self.progress else None

    def to_json(self) -> dict[str, Any]:
        return {
            "title_id": self.title_id,
            "provider": self.provider,
            "library": None if self.library is None else self.library.to_json(),
            "translation_id": self.translation_id,
            "progress": [row.to_json() for row in self.progress],
        }


def micros(value: datetime) -> int:
    """A timezone-aware instant as integer µs since the epoch (exact; a Redis sorted-set score holds it exactly)."""
    delta = utc(value) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class HistoryLast:
    """``user:<id>:history:last:<provider>``. "No history" is stored as JSON ``null`` (docs/contract.md 27), not as a
    missing key."""

    history_id: int
    title_id: str
    episode_id: str
    provider: str
    position_seconds: float | None
    watched_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "history_id": self.history_id,
            "title_id": self.title_id,
            "episode_id": self.episode_id,
            "provider": self.provider,
            "position_seconds": None if self.position_seconds is None else float(self.position_seconds),
            "watched_at": utc(self.watched_at),
        }


def _finite_only(value: Any) -> Any:
    raise TypeError(f"not serialisable: {type(value).__name__}")


def dumps(value: Any) -> bytes:
    """Serialise a shape, a sequence of shapes, or ``None`` to the stored bytes."""
    if value is None:
        return b"null"
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return orjson.dumps([item.to_json() for item in value], default=_finite_only)
    return orjson.dumps(value.to_json(), default=_finite_only)


def etag_of(body: bytes) -> str:
    """Strong ETag of stored bytes (computed by the writer, never on the read path)."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
