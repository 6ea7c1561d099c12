"""Request and response schemas of the public and ``/me`` routes, and the field types and media URL policy the other
schema modules share (API-only; the use cases take dataclasses). The internal import payloads are in
``import_schemas``, the admin API's in ``admin_schemas``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Literal, Self
from uuid import UUID

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, StringConstraints, model_validator

from ani_common.readmodels.keys import DEFAULT_PROVIDER, PROVIDER_REGEX
from ani_write.config import Settings
from ani_write.domain.enums import AnimeStatus, LibraryStatus, TranslationType, VideoType
from ani_write.domain.media_urls import InvalidMediaUrlError, normalize_media_url, plain_http_host

__all__ = [
    "AnimeDetailRead",
    "AnimeListItemRead",
    "EpisodeWithSourcesRead",
    "HistoryRead",
    "LegacyImportRequest",
    "LegacyImportResponse",
    "LibraryItemRead",
    "LibraryUpdate",
    "MessageRead",
    "ProgressRead",
    "ProgressUpdate",
    "check_media_url",
    "check_plain_http",
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


def check_plain_http(settings: Settings, urls: Iterable[tuple[tuple[str | int, ...], str | None]]) -> None:
    """The rest of the policy: ``http:`` media URLs only for the hosts in ``INSECURE_MEDIA_HOSTS`` (dev/test), as
    the imports; ``urls`` pairs each URL with its location in the body (a 422 names it)."""
    allowed = set(settings.insecure_media_hosts)
    errors = [
        {"type": "value_error", "loc": ("body", *loc), "msg": "URL must use https", "input": None}
        for loc, url in urls
        if url is not None and (host := plain_http_host(url)) is not None and host not in allowed
    ]
    if errors:
        raise RequestValidationError(errors)


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
