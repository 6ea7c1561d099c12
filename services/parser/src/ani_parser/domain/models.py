"""Import payloads: what the parser sends to write-api's batch import endpoint (the agreed contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["EpisodePayload", "TitlePayload", "TranslationType", "VideoPayload"]

TranslationType = Literal["voice", "subtitles"]


@dataclass(frozen=True, slots=True)
class VideoPayload:
    url: str
    priority: int
    type: str = "iframe"
    source_name: str = "kodik"
    translation_id: str | None = None
    translation_title: str | None = None
    translation_type: TranslationType | None = None
    quality: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "url": self.url,
            "source_name": self.source_name,
            "priority": self.priority,
            "translation_id": self.translation_id,
            "translation_title": self.translation_title,
            "translation_type": self.translation_type,
            "quality": self.quality,
        }


@dataclass(slots=True)
class EpisodePayload:
    source_episode_id: str
    number: int
    season: int | None
    title: str | None = None
    is_available: bool = True
    videos: list[VideoPayload] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "source_episode_id": self.source_episode_id,
            "number": self.number,
            "season": self.season,
            "title": self.title,
            "is_available": self.is_available,
            "videos": [v.to_json() for v in self.videos],
        }


@dataclass(slots=True)
class TitlePayload:
    source_id: str
    title: str
    alternative_titles: list[str] | None = None
    description: str | None = None
    year: int | None = None
    status: str | None = None
    poster: str | None = None
    genres: list[str] | None = None
    episodes: list[EpisodePayload] = field(default_factory=list)

    @property
    def video_count(self) -> int:
        return sum(len(e.videos) for e in self.episodes)

    def to_json(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "title": self.title,
            "alternative_titles": self.alternative_titles,
            "description": self.description,
            "year": self.year,
            "status": self.status,
            "poster": self.poster,
            "genres": self.genres,
            "episodes": [e.to_json() for e in self.episodes],
        }
