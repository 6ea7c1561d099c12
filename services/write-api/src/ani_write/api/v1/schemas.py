"""Request and response schemas of the write-api (API-only; the use cases take dataclasses)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ani_common.readmodels.keys import DEFAULT_PROVIDER, PROVIDER_REGEX
from ani_write.domain.enums import AnimeStatus, LibraryStatus, TranslationType, VideoType
from ani_write.domain.media_urls import InvalidMediaUrlError, normalize_media_url

__all__ = [
    "AnimeDetailRead",
    "AnimeImportLegacy",
    "AnimeListItemRead",
    "EpisodeWithSourcesRead",
    "EpisodesImportLegacy",
    "HistoryRead",
    "ImportTitlesRequest",
    "ImportTitlesResponse",
    "LegacyImportRequest",
    "LegacyImportResponse",
    "LibraryItemRead",
    "LibraryUpdate",
    "MessageRead",
    "ProgressRead",
    "ProgressUpdate",
    "VideoImportLegacy",
]

ItemId = Annotated[str, StringConstraints(min_length=1, max_length=255)]
ShortText = Annotated[str, StringConstraints(max_length=255)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Description = Annotated[str, StringConstraints(max_length=20_000)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False)]
TranslationId = Annotated[str, StringConstraints(min_length=1, max_length=64)]


def check_media_url(value: str | None) -> str | None:
    """Static part of the media URL policy; ``http:`` hosts are checked against the settings by the endpoint."""
    if value is None:
        return None
    try:
        return normalize_media_url(value, defer_http=True)
    except InvalidMediaUrlError as exc:
        raise ValueError(str(exc)) from None


MediaUrl = Annotated[str, StringConstraints(min_length=1, max_length=2048)]


# ---------------------------------------------------------------------------------------------- shared


class MessageRead(BaseModel):
    message: str


# ---------------------------------------------------------------------------------------------- library


class LibraryItemRead(BaseModel):
    id: int
    user_id: int
    provider: str
    title_id: str
    status: LibraryStatus
    is_favorite: bool
    score: int | None
    episodes_watched: int
    created_at: datetime
    updated_at: datetime


class LibraryUpdate(BaseModel):
    """Only the fields given are applied; ``"score": null`` clears the score."""

    status: LibraryStatus | None = None
    is_favorite: bool | None = None
    score: Annotated[int, Field(ge=0, le=10)] | None = None
    episodes_watched: Annotated[int, Field(ge=0, le=100_000)] | None = None


class ProgressRead(BaseModel):
    id: int
    user_id: int
    provider: str
    title_id: str
    episode_id: str
    position_seconds: float
    duration_seconds: float
    updated_at: datetime
    translation_id: str | None = Field(description="The translation the viewer chose last for this episode.")
    watched: bool = Field(description="Whether the episode was ever watched to its end (position ≥ 90 % of duration).")


class ProgressUpdate(BaseModel):
    title_id: ItemId
    position_seconds: Seconds
    duration_seconds: Seconds
    translation_id: TranslationId | None = Field(
        default=None, description="The chosen translation; absent or null keeps the stored one."
    )

    @model_validator(mode="after")
    def _position_within_duration(self) -> Self:
        if self.duration_seconds > 0 and self.position_seconds > self.duration_seconds:
            raise ValueError("position_seconds must not exceed duration_seconds")
        return self


class HistoryAnimeRead(BaseModel):
    slug: str
    title: str
    poster: str | None


class HistoryEpisodeRead(BaseModel):
    number: int
    season: int | None
    title: str | None


class HistoryRead(BaseModel):
    id: int
    user_id: int
    provider: str
    title_id: str
    episode_id: str
    position_seconds: float | None
    watched_at: datetime
    anime: HistoryAnimeRead | None = Field(description="The catalog anime whose slug is `title_id` (active only).")
    episode: HistoryEpisodeRead | None = Field(description="The catalog episode whose id is `episode_id`.")


class LegacyProgressItem(BaseModel):
    anime_id: str = Field(alias="animeId", max_length=255)
    episode_number: int = Field(alias="episodeNumber", ge=-1_000_000, le=1_000_000)
    current_time: float = Field(alias="currentTime")
    duration: float
    updated_at: int = Field(alias="updatedAt")
    poster: str | None = None
    name: str | None = None


class LegacySavedItem(BaseModel):
    id: str = Field(max_length=255)
    name: str
    poster: str
    saved_at: int = Field(alias="savedAt")


class LegacyImportRequest(BaseModel):
    progress: list[LegacyProgressItem] = Field(default_factory=list, max_length=10_000)
    saved_series: list[LegacySavedItem] = Field(default_factory=list, alias="savedSeries", max_length=10_000)
    provider: str = Field(default=DEFAULT_PROVIDER, pattern=PROVIDER_REGEX)


class LegacyImportResponse(BaseModel):
    success: bool
    progress_imported: int
    progress_skipped: int
    library_imported: int
    library_skipped: int
    message: str


# ---------------------------------------------------------------------------------------------- catalog


class AnimeListItemRead(BaseModel):
    id: UUID
    title: str
    slug: str
    description: str | None
    year: int | None
    status: AnimeStatus | None
    poster: str | None
    genres: list[str] | None
    created_at: datetime


class AnimeDetailRead(AnimeListItemRead):
    alternative_titles: list[str] | None
    updated_at: datetime


class VideoSourceRead(BaseModel):
    id: UUID
    type: VideoType
    url: str
    source_name: str
    priority: int
    translation_id: str | None
    translation_title: str | None
    translation_type: TranslationType | None
    quality: str | None


class EpisodeWithSourcesRead(BaseModel):
    id: UUID
    number: int
    season: int | None
    title: str | None
    video_sources: list[VideoSourceRead]


CatalogSort = Literal["title", "-year", "-updated_at"]


# ---------------------------------------------------------------------------------------------- import


def _without_nul(value: object) -> object:
    """Reject U+0000 anywhere in a payload: PostgreSQL cannot store it in text. A batch import refuses the whole
    request (422) instead of failing one title deep in the write."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("Text must not contain the NUL character (U+0000)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _without_nul(key)
            _without_nul(item)
    elif isinstance(value, list):
        for item in value:
            _without_nul(item)
    return value


class _ImportModel(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=False)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: object) -> object:
        return _without_nul(data)


class VideoImportItem(_ImportModel):
    type: VideoType
    url: MediaUrl
    source_name: Label
    priority: int = Field(default=0, ge=-1_000_000, le=1_000_000)
    translation_id: ShortText | None = None
    translation_title: ShortText | None = None
    translation_type: TranslationType | None = None
    quality: ShortText | None = None

    _url = field_validator("url")(check_media_url)


class EpisodeImportItem(_ImportModel):
    source_episode_id: ItemId
    number: int = Field(ge=0, le=1_000_000)
    season: int | None = Field(default=None, ge=0, le=10_000)
    title: Annotated[str, StringConstraints(max_length=1000)] | None = None
    is_available: bool = True
    videos: list[VideoImportItem] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _unique_videos(self) -> Self:
        keys = [(video.url, video.source_name) for video in self.videos]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate video (url, source_name) within one episode")
        return self


def _no_duplicates(values: list[str], what: str) -> None:
    if len(values) != len(set(values)):
        raise ValueError(f"duplicate {what} in one payload")


class TitleImportItem(_ImportModel):
    source_id: ItemId
    title: Title
    alternative_titles: list[Annotated[str, StringConstraints(max_length=1000)]] | None = Field(
        default=None, max_length=100
    )
    description: Description | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    status: AnimeStatus | None = None
    poster: MediaUrl | None = None
    genres: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] | None = Field(
        default=None, max_length=50
    )
    episodes: list[EpisodeImportItem] = Field(default_factory=list, max_length=5000)

    _poster = field_validator("poster")(check_media_url)

    @model_validator(mode="after")
    def _unique_episodes(self) -> Self:
        _no_duplicates([episode.source_episode_id for episode in self.episodes], "source_episode_id")
        return self


class ImportTitlesRequest(_ImportModel):
    source_name: Label
    titles: list[TitleImportItem] = Field(max_length=100)

    @model_validator(mode="after")
    def _unique_titles(self) -> Self:
        _no_duplicates([title.source_id for title in self.titles], "source_id")
        return self


class ChangeCountsRead(BaseModel):
    created: int
    updated: int
    unchanged: int


class TitleImportResult(BaseModel):
    source_id: str
    status: Literal["created", "updated", "unchanged", "failed"]
    slug: str | None
    error: str | None
    episodes: ChangeCountsRead
    videos: ChangeCountsRead


class ImportTitlesResponse(BaseModel):
    results: list[TitleImportResult]


class AnimeImportLegacy(_ImportModel):
    """Reference route 23 (plus https-only posters)."""

    source_name: ShortText
    source_id: ShortText
    title: Title
    alternative_titles: list[Annotated[str, StringConstraints(max_length=1000)]] | None = Field(
        default=None, max_length=100
    )
    description: Description | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    status: AnimeStatus | None = None
    poster: MediaUrl | None = None
    genres: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] | None = Field(
        default=None, max_length=50
    )

    _poster = field_validator("poster")(check_media_url)


class EpisodeImportLegacyItem(_ImportModel):
    source_episode_id: ItemId
    number: int = Field(ge=0, le=1_000_000)
    season: int | None = Field(default=None, ge=0, le=10_000)
    title: Annotated[str, StringConstraints(max_length=1000)] | None = None
    is_available: bool = True


class EpisodesImportLegacy(_ImportModel):
    """Reference route 24; a duplicate ``source_episode_id`` is a 422 (reference: 500)."""

    source_name: ShortText
    anime_source_id: ShortText
    episodes: list[EpisodeImportLegacyItem] = Field(min_length=1, max_length=5000)

    @model_validator(mode="after")
    def _unique_episodes(self) -> Self:
        _no_duplicates([episode.source_episode_id for episode in self.episodes], "source_episode_id")
        return self


class VideoPlayerLegacy(VideoImportItem):
    pass


class VideoImportLegacy(_ImportModel):
    """Reference route 25; ``anime_source_id`` (optional) removes the reference's ambiguity."""

    source_name: ShortText
    source_episode_id: ItemId
    anime_source_id: ShortText | None = None
    player: VideoPlayerLegacy


class ImportMessageRead(BaseModel):
    success: bool
    message: str
    errors: list[str] | None = None


class EpisodesImportRead(BaseModel):
    success: bool
    total: int
    imported: int
    errors: list[str]
