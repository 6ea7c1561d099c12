"""OpenAPI-only response schemas: the read-model shapes of ``ani_common.readmodels.shapes``, as served.

The shapes are defined once, in ``ani_common.readmodels.shapes`` (what the projector stores). These models exist
because FastAPI writes the OpenAPI document from pydantic models; the endpoints never build them (stored bytes go
out as they are). ``tests/test_shapes.py`` holds each model to its shape field by field (order, nullability, the
serialised shape valid under the committed schema) and names the only additions: the fields the shared reader joins
at read time. Every answer the suite receives is also validated against them (the ``ani_common`` pytest plugin).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

__all__ = [
    "AnimeDetailRead",
    "AnimeSummaryRead",
    "CatalogItemRead",
    "ContinueItemRead",
    "EpisodeRead",
    "ErrorBody",
    "GenreCountRead",
    "HistoryLastRead",
    "LibraryEntryRead",
    "ProgressEntryRead",
    "TitleStateRead",
    "VideoSourceRead",
]

AnimeStatus = Literal["ongoing", "completed", "upcoming"]


class CatalogItemRead(BaseModel):
    id: UUID
    slug: str
    title: str
    poster: str | None
    year: int | None
    status: AnimeStatus | None
    genres: list[str]
    alternative_titles: list[str]
    is_active: bool
    last_updated: datetime
    episodes_total: int = Field(description="Number of active episodes")
    latest_episode_at: datetime | None = Field(description="When the newest active episode was added; null without")


class VideoSourceRead(BaseModel):
    id: UUID
    type: str
    url: str
    source_name: str
    priority: int
    translation_id: str | None
    translation_title: str | None
    translation_type: str | None
    quality: str | None
    is_active: bool


class EpisodeRead(BaseModel):
    id: UUID
    number: int
    season: int | None = Field(description="0 = specials; null when the provider gives no season")
    title: str | None
    video_sources: list[VideoSourceRead]


class AnimeDetailRead(BaseModel):
    id: UUID
    slug: str
    title: str
    description: str | None
    year: int | None
    status: AnimeStatus | None
    poster: str | None
    genres: list[str]
    alternative_titles: list[str]
    is_active: bool
    episodes: list[EpisodeRead]
    last_updated: datetime


class GenreCountRead(BaseModel):
    name: str = Field(description="The genre as the catalog items spell it")
    count: int = Field(description="Active catalog items with this genre (case-insensitive, like ?genre=)")


class AnimeSummaryRead(BaseModel):
    """The catalog's summary of a title, joined at read time."""

    slug: str
    title: str
    poster: str | None
    episodes_total: int | None = Field(description="Number of active episodes")
    latest_episode_at: datetime | None = Field(description="When the newest active episode was added")


class LibraryEntryRead(BaseModel):
    title_id: str
    provider: str
    status: str
    is_favorite: bool
    score: int | None
    episodes_watched: int
    updated_at: datetime
    anime: AnimeSummaryRead | None
    last_watched_at: datetime | None = Field(description="Newest progress `updated_at` of the title, or null")
    has_new_episodes: bool = Field(
        description="anime.latest_episode_at > last_watched_at and anime.episodes_total > episodes_watched"
    )


class ProgressEntryRead(BaseModel):
    episode_id: str
    title_id: str
    provider: str
    position_seconds: float
    duration_seconds: float
    translation_id: str | None
    watched: bool
    updated_at: datetime


class TitleLibraryRead(BaseModel):
    status: str
    is_favorite: bool
    score: int | None
    episodes_watched: int
    updated_at: datetime


class EpisodeRefRead(BaseModel):
    number: int
    season: int | None


class TitleProgressRead(ProgressEntryRead):
    episode: EpisodeRefRead | None = Field(description="The catalog episode (at projection time), or null")


class TitleStateRead(BaseModel):
    title_id: str
    provider: str
    library: TitleLibraryRead | None
    translation_id: str | None = Field(description="Translation of the most recently updated progress row with one")
    progress: list[TitleProgressRead] = Field(description="One item per episode, `updated_at` DESC")


class ContinueEpisodeRead(BaseModel):
    id: str
    number: int | None
    season: int | None
    position_seconds: float
    duration_seconds: float
    watched: bool


class NextEpisodeRead(BaseModel):
    id: str
    number: int
    season: int | None


class ContinueItemRead(BaseModel):
    title_id: str
    provider: str
    updated_at: datetime
    translation_id: str | None
    anime: AnimeSummaryRead | None
    episode: ContinueEpisodeRead = Field(description="The title's most recently updated progress row")
    next: NextEpisodeRead | None = Field(description="The active episode after it in the title's order, or null")


class HistoryLastRead(BaseModel):
    history_id: int
    title_id: str
    episode_id: str
    provider: str
    position_seconds: float | None
    watched_at: datetime


class ErrorDetail(BaseModel):
    code: str
    message: str
    trace_id: str


class ErrorBody(BaseModel):
    error: ErrorDetail
