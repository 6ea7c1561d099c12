"""What the admin use cases take, read and return (shaped like the contract's admin objects, plus
``locked_fields``), and the typed change sets of the three curated resources."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import Enum
from typing import Any, Final, Generic, Protocol, TypeVar
from uuid import UUID

__all__ = [
    "ANIME_EDITABLE",
    "EPISODE_EDITABLE",
    "UNSET",
    "VIDEO_EDITABLE",
    "Actor",
    "AdminAnime",
    "AdminAnimeListItem",
    "AdminEpisode",
    "AdminVideo",
    "AnimeChanges",
    "AnimeEpisodes",
    "AnimeListFilter",
    "AnimeRef",
    "AuditEntry",
    "AuditFilter",
    "AuditLog",
    "ChangeSet",
    "Curated",
    "Dashboard",
    "EpisodeChanges",
    "EpisodeVideos",
    "Page",
    "RebuildJob",
    "RecentAnime",
    "RecentEpisode",
    "Unset",
    "VideoChanges",
]

T = TypeVar("T")


class Unset(Enum):
    """The value of a change-set field that was not given (``None`` is a value: "set to null")."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Base of the typed change sets: every field defaults to :data:`UNSET`."""

    def given(self) -> dict[str, Any]:
        """The fields that were given, with their values."""
        return {spec.name: value for spec in fields(self) if (value := getattr(self, spec.name)) is not UNSET}


@dataclass(frozen=True, slots=True)
class AnimeChanges(ChangeSet):
    title: str | Unset = UNSET
    slug: str | Unset = UNSET
    description: str | Unset | None = UNSET
    year: int | Unset | None = UNSET
    status: str | Unset | None = UNSET
    poster: str | Unset | None = UNSET
    genres: list[str] | Unset | None = UNSET
    alternative_titles: list[str] | Unset | None = UNSET
    is_active: bool | Unset = UNSET


@dataclass(frozen=True, slots=True)
class EpisodeChanges(ChangeSet):
    number: int | Unset = UNSET
    season: int | Unset | None = UNSET
    title: str | Unset | None = UNSET
    is_active: bool | Unset = UNSET
    #: moves the episode to another anime (attach); not an editable field
    anime_id: UUID | Unset = UNSET


@dataclass(frozen=True, slots=True)
class VideoChanges(ChangeSet):
    type: str | Unset = UNSET
    url: str | Unset = UNSET
    source_name: str | Unset = UNSET
    priority: int | Unset = UNSET
    translation_id: str | Unset | None = UNSET
    translation_title: str | Unset | None = UNSET
    translation_type: str | Unset | None = UNSET
    quality: str | Unset | None = UNSET
    is_active: bool | Unset = UNSET


#: the fields an admin edits (the change-set fields, without the episode's move)
ANIME_EDITABLE = tuple(spec.name for spec in fields(AnimeChanges))
EPISODE_EDITABLE = tuple(spec.name for spec in fields(EpisodeChanges) if spec.name != "anime_id")
VIDEO_EDITABLE = tuple(spec.name for spec in fields(VideoChanges))


class Curated(Protocol):
    """What the generic curation use cases read of an anime, episode or video source."""

    @property
    def id(self) -> UUID: ...

    @property
    def locked_fields(self) -> list[str]: ...

    def editable(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Actor:
    """The admin acting (from the access token): audit rows name them."""

    id: int
    email: str | None


@dataclass(frozen=True, slots=True)
class AnimeRef:
    id: UUID
    slug: str


@dataclass(frozen=True, slots=True)
class AdminAnime:
    id: UUID
    title: str
    slug: str
    description: str | None
    year: int | None
    status: str | None
    poster: str | None
    source_name: str
    source_id: str
    genres: list[str] | None
    alternative_titles: list[str] | None
    is_active: bool
    admin_modified: bool
    locked_fields: list[str]
    created_at: datetime
    updated_at: datetime

    def editable(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ANIME_EDITABLE}

    @property
    def ref(self) -> AnimeRef:
        return AnimeRef(self.id, self.slug)


@dataclass(frozen=True, slots=True)
class AdminAnimeListItem:
    id: UUID
    title: str
    slug: str
    year: int | None
    status: str | None
    source_name: str
    is_active: bool
    admin_modified: bool
    locked_fields: list[str]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AdminEpisode:
    id: UUID
    anime_id: UUID
    number: int
    season: int | None
    title: str | None
    source_episode_id: str
    is_active: bool
    admin_modified: bool
    locked_fields: list[str]
    created_at: datetime
    updated_at: datetime

    def editable(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in EPISODE_EDITABLE}


@dataclass(frozen=True, slots=True)
class AdminVideo:
    id: UUID
    episode_id: UUID
    type: str
    url: str
    source_name: str
    priority: int
    translation_id: str | None
    translation_title: str | None
    translation_type: str | None
    quality: str | None
    is_active: bool
    admin_modified: bool
    locked_fields: list[str]
    created_at: datetime
    updated_at: datetime

    def editable(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in VIDEO_EDITABLE}


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def total_pages(self) -> int:
        return -(-self.total // self.per_page) if self.total else 0


@dataclass(frozen=True, slots=True)
class AnimeListFilter:
    page: int = 1
    per_page: int = 20
    search: str | None = None
    is_active: bool | None = None
    source_name: str | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """An audit row to write (in the transaction of the change it describes)."""

    actor: Actor
    action: str
    resource_type: str
    resource_id: str
    changes: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class AuditLog:
    id: int
    admin_id: int
    admin_email: str | None
    action: str
    resource_type: str
    resource_id: str
    changes: dict[str, Any] | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AuditFilter:
    page: int = 1
    per_page: int = 50
    admin_id: int | None = None
    resource_type: str | None = None
    resource_id: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class RecentAnime:
    id: UUID
    title: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class RecentEpisode:
    id: UUID
    anime_id: UUID
    number: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Dashboard:
    total_anime: int
    active_anime: int
    inactive_anime: int
    total_episodes: int
    total_video_sources: int
    recent_anime: list[RecentAnime]
    recent_episodes: list[RecentEpisode]
    recent_changes: list[AuditLog] = field(default_factory=list)
    pending_rebuild_jobs: int = 0


@dataclass(frozen=True, slots=True)
class RebuildJob:
    id: UUID
    scope: str
    target: str | None
    status: str
    total: int | None
    done: int
    error: str | None
    requested_by: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class AnimeEpisodes:
    anime_title: str
    items: list[AdminEpisode]


@dataclass(frozen=True, slots=True)
class EpisodeVideos:
    episode_number: int
    items: list[AdminVideo]
