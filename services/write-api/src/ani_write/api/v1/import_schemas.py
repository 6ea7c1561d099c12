"""Payloads of the internal import API (``/api/v1/internal/import/*``): the batch ``titles`` import and the single
anime/episodes/video imports. NUL characters are refused anywhere in a payload; duplicates within one are a 422."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ani_write.api.v1.schemas import Description, ItemId, Label, MediaUrl, ShortText, Title, check_media_url
from ani_write.domain.enums import AnimeStatus, TranslationType, VideoType

__all__ = [
    "AnimeImportLegacy",
    "EpisodeImportItem",
    "EpisodeImportLegacyItem",
    "EpisodesImportLegacy",
    "EpisodesImportRead",
    "ImportMessageRead",
    "ImportTitlesRequest",
    "ImportTitlesResponse",
    "TitleImportItem",
    "VideoImportItem",
    "VideoImportLegacy",
]


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


class EpisodeImportLegacyItem(_ImportModel):
    source_episode_id: ItemId
    number: int = Field(ge=0, le=1_000_000)
    season: int | None = Field(default=None, ge=0, le=10_000)
    title: Annotated[str, StringConstraints(max_length=1000)] | None = None
    is_available: bool = True


class EpisodeImportItem(EpisodeImportLegacyItem):
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
    """`POST /api/v1/internal/import/anime` (plus https-only posters)."""

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


class EpisodesImportLegacy(_ImportModel):
    """`POST /api/v1/internal/import/episodes`; a duplicate ``source_episode_id`` is a 422 (docs/contract.md 24)."""

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
    """`POST /api/v1/internal/import/video`; ``anime_source_id`` (optional) removes the replaced system's ambiguity."""

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
