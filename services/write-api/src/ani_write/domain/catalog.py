"""Catalog import data: what a provider says about a title, its episodes and their video sources.

``None`` in an import means "the provider does not say": the stored value is kept (the replaced system cleared some
fields and kept others; docs/contract.md F15). Fields an admin locked (``locked_fields``) are never changed by an
import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ani_write.domain.enums import AnimeStatus, TranslationType, VideoType

__all__ = [
    "ANIME_IMPORT_FIELDS",
    "EPISODE_IMPORT_FIELDS",
    "VIDEO_IMPORT_FIELDS",
    "AnimeImport",
    "ChangeCounts",
    "EpisodeImport",
    "VideoImport",
    "import_changes",
]

ANIME_IMPORT_FIELDS = ("title", "alternative_titles", "description", "year", "status", "poster", "genres")
EPISODE_IMPORT_FIELDS = ("number", "season", "title", "is_active")
VIDEO_IMPORT_FIELDS = ("type", "priority", "translation_id", "translation_title", "translation_type", "quality")


@dataclass(frozen=True, slots=True)
class VideoImport:
    type: VideoType
    url: str
    source_name: str
    priority: int = 0
    translation_id: str | None = None
    translation_title: str | None = None
    translation_type: TranslationType | None = None
    quality: str | None = None

    def values(self) -> dict[str, Any]:
        return {
            "type": self.type.value,
            "priority": self.priority,
            "translation_id": self.translation_id,
            "translation_title": self.translation_title,
            "translation_type": self.translation_type.value if self.translation_type else None,
            "quality": self.quality,
        }


@dataclass(frozen=True, slots=True)
class EpisodeImport:
    source_episode_id: str
    number: int
    season: int | None = None
    title: str | None = None
    is_available: bool = True
    videos: tuple[VideoImport, ...] = ()

    def values(self) -> dict[str, Any]:
        return {"number": self.number, "season": self.season, "title": self.title, "is_active": self.is_available}


@dataclass(frozen=True, slots=True)
class AnimeImport:
    source_name: str
    source_id: str
    title: str
    alternative_titles: tuple[str, ...] | None = None
    description: str | None = None
    year: int | None = None
    status: AnimeStatus | None = None
    poster: str | None = None
    genres: tuple[str, ...] | None = None
    episodes: tuple[EpisodeImport, ...] = ()

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "alternative_titles": list(self.alternative_titles) if self.alternative_titles is not None else None,
            "description": self.description,
            "year": self.year,
            "status": self.status.value if self.status else None,
            "poster": self.poster,
            "genres": list(self.genres) if self.genres is not None else None,
        }


@dataclass(slots=True)
class ChangeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def import_changes(
    current: Mapping[str, Any],
    incoming: Mapping[str, Any],
    locked: Iterable[str],
    *,
    keep_on_none: Iterable[str] = (),
) -> dict[str, Any]:
    """The fields an import may change: differing, not locked, and not ``None`` where ``None`` means "unknown"."""
    locked_set = set(locked)
    keep = set(keep_on_none)
    changes: dict[str, Any] = {}
    for name, value in incoming.items():
        if name in locked_set or (value is None and name in keep):
            continue
        if current.get(name) != value:
            changes[name] = value
    return changes
