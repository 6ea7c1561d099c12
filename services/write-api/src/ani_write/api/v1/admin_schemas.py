"""Request and response schemas of the admin API (validated like imports; additive fields: ``slug`` and
``locked_fields`` on list items, ``season``/translation fields, ``locked_fields`` everywhere — ``docs/contract.md``).
Edits and creates become the use cases' typed change sets (``AnimeChanges``, ``EpisodeChanges``, ``VideoChanges``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal, Self
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints, field_validator, model_validator

from ani_write.api.v1.schemas import Description, Label, MediaUrl, ShortText, Title, check_media_url
from ani_write.application.admin.models import AnimeChanges, EpisodeChanges, VideoChanges
from ani_write.domain.enums import AnimeStatus, TranslationType, VideoType

__all__ = [
    "AdminAnimeCreate",
    "AdminAnimeDetailRead",
    "AdminAnimeListItemRead",
    "AdminAnimePageRead",
    "AdminAnimeUpdate",
    "AdminEpisodeCreate",
    "AdminEpisodeListRead",
    "AdminEpisodeRead",
    "AdminEpisodeUpdate",
    "AdminVideoCreate",
    "AdminVideoListRead",
    "AdminVideoRead",
    "AdminVideoUpdate",
    "AnimeLockField",
    "AttachEpisodeRequest",
    "AuditLogPageRead",
    "AuditLogRead",
    "DashboardRead",
    "DetachEpisodeRequest",
    "EpisodeLockField",
    "RebuildJobRead",
    "RebuildRequest",
    "RebuildStartedRead",
    "VideoLockField",
    "VideoStateUpdate",
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=SLUG_PATTERN)]
Year = Annotated[int, Field(ge=1900, le=2100)]
EpisodeNumber = Annotated[int, Field(ge=0, le=1_000_000)]
Season = Annotated[int, Field(ge=0, le=10_000)]
Priority = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
EpisodeTitle = Annotated[str, StringConstraints(max_length=1000)]
AltTitles = Annotated[list[Annotated[str, StringConstraints(max_length=1000)]], Field(max_length=100)]
Genres = Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=100)]], Field(max_length=50)]
SourceEpisodeId = Annotated[str, StringConstraints(min_length=1, max_length=255)]
Reason = Annotated[str, StringConstraints(max_length=1000)]

AnimeLockField = Literal["title", "alternative_titles", "description", "year", "status", "poster", "genres"]
EpisodeLockField = Literal["number", "season", "title", "is_active"]
VideoLockField = Literal["type", "priority", "translation_id", "translation_title", "translation_type", "quality"]


class _Patch(BaseModel):
    """Only the keys present in the JSON are applied; ``null`` is refused for the fields in ``NOT_NULL``."""

    NOT_NULL: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required_columns(self) -> Self:
        nulls = sorted(name for name in self.model_fields_set & self.NOT_NULL if getattr(self, name) is None)
        if nulls:
            raise ValueError(f"may not be null: {', '.join(nulls)}")
        return self

    def given(self) -> dict[str, Any]:
        """The present keys with plain values (enums as their strings, as stored)."""
        return _plain_values(self, self.model_fields_set)


def _plain(value: Any) -> Any:
    if isinstance(value, AnimeStatus | VideoType | TranslationType):
        return value.value
    return value


def _plain_values(model: BaseModel, names: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(model, name)) for name in sorted(names)}


# ---------------------------------------------------------------------------------------------- anime


class AdminAnimeListItemRead(BaseModel):
    id: UUID
    title: str
    slug: str
    year: int | None
    status: AnimeStatus | None
    source_name: str
    is_active: bool
    admin_modified: bool
    locked_fields: list[str]
    created_at: datetime
    updated_at: datetime


class AdminAnimePageRead(BaseModel):
    items: list[AdminAnimeListItemRead]
    total: int
    page: int
    per_page: int
    total_pages: int


class AdminAnimeDetailRead(BaseModel):
    id: UUID
    title: str
    slug: str
    description: str | None
    year: int | None
    status: AnimeStatus | None
    poster: str | None
    source_name: str
    source_id: str
    genres: list[str] | None
    alternative_titles: list[str] | None
    is_active: bool
    admin_modified: bool
    locked_fields: list[str] = Field(description="Fields protected from imports (released with DELETE …/locks)")
    created_at: datetime
    updated_at: datetime


class AdminAnimeUpdate(_Patch):
    NOT_NULL: ClassVar[frozenset[str]] = frozenset({"title", "slug", "is_active"})

    title: Title | None = None
    slug: Slug | None = None
    description: Description | None = None
    year: Year | None = None
    status: AnimeStatus | None = None
    poster: MediaUrl | None = None
    genres: Genres | None = None
    alternative_titles: AltTitles | None = None
    is_active: bool | None = None

    _poster = field_validator("poster")(check_media_url)

    def changes(self) -> AnimeChanges:
        return AnimeChanges(**self.given())


class AdminAnimeCreate(BaseModel):
    title: Title
    slug: Slug | None = Field(default=None, description="Derived from the title (transliterated) when omitted")
    description: Description | None = None
    year: Year | None = None
    status: AnimeStatus | None = None
    poster: MediaUrl | None = None
    genres: Genres | None = None
    alternative_titles: AltTitles | None = None
    is_active: bool = True

    _poster = field_validator("poster")(check_media_url)

    def values(self) -> AnimeChanges:
        """Every field; ``slug`` only when given (else derived from the title)."""
        values = _plain_values(self, type(self).model_fields)
        if self.slug is None:
            del values["slug"]
        return AnimeChanges(**values)


# ---------------------------------------------------------------------------------------------- episodes


class AdminEpisodeRead(BaseModel):
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


class AdminEpisodeListRead(BaseModel):
    items: list[AdminEpisodeRead]
    total: int
    anime_title: str


class AdminEpisodeCreate(BaseModel):
    anime_id: UUID
    number: EpisodeNumber
    season: Season | None = None
    title: EpisodeTitle | None = None
    source_episode_id: SourceEpisodeId
    is_active: bool = True

    def values(self) -> EpisodeChanges:
        return EpisodeChanges(number=self.number, season=self.season, title=self.title, is_active=self.is_active)

    def named_fields(self) -> frozenset[str]:
        """The editable fields the request named (an import does not overwrite them)."""
        return frozenset(self.model_fields_set - {"anime_id", "source_episode_id"})


class AdminEpisodeUpdate(_Patch):
    NOT_NULL: ClassVar[frozenset[str]] = frozenset({"number", "is_active"})

    number: EpisodeNumber | None = None
    season: Season | None = None
    title: EpisodeTitle | None = None
    is_active: bool | None = None

    def changes(self) -> EpisodeChanges:
        return EpisodeChanges(**self.given())


class AttachEpisodeRequest(BaseModel):
    anime_id: UUID


class DetachEpisodeRequest(BaseModel):
    reason: Reason | None = None


# ---------------------------------------------------------------------------------------------- video


class AdminVideoRead(BaseModel):
    id: UUID
    episode_id: UUID
    type: VideoType
    url: str
    source_name: str
    priority: int
    translation_id: str | None
    translation_title: str | None
    translation_type: TranslationType | None
    quality: str | None
    is_active: bool
    admin_modified: bool
    locked_fields: list[str]
    created_at: datetime
    updated_at: datetime


class AdminVideoListRead(BaseModel):
    items: list[AdminVideoRead]
    total: int
    episode_number: int


class AdminVideoCreate(BaseModel):
    episode_id: UUID
    type: VideoType
    url: MediaUrl
    source_name: Label
    priority: Priority = 0
    translation_id: ShortText | None = None
    translation_title: ShortText | None = None
    translation_type: TranslationType | None = None
    quality: ShortText | None = None
    is_active: bool = True

    _url = field_validator("url")(check_media_url)

    def values(self) -> VideoChanges:
        return VideoChanges(**_plain_values(self, set(type(self).model_fields) - {"episode_id"}))

    def named_fields(self) -> frozenset[str]:
        """The fields the request named (the import-managed ones are locked)."""
        return frozenset(self.model_fields_set - {"episode_id"})


class AdminVideoUpdate(_Patch):
    NOT_NULL: ClassVar[frozenset[str]] = frozenset({"type", "url", "source_name", "priority", "is_active"})

    type: VideoType | None = None
    url: MediaUrl | None = None
    source_name: Label | None = None
    priority: Priority | None = None
    translation_id: ShortText | None = None
    translation_title: ShortText | None = None
    translation_type: TranslationType | None = None
    quality: ShortText | None = None
    is_active: bool | None = None

    _url = field_validator("url")(check_media_url)

    def changes(self) -> VideoChanges:
        return VideoChanges(**self.given())


class VideoStateUpdate(BaseModel):
    is_active: bool
    priority: Priority | None = None

    def changes(self) -> VideoChanges:
        if self.priority is None:
            return VideoChanges(is_active=self.is_active)
        return VideoChanges(is_active=self.is_active, priority=self.priority)


# ---------------------------------------------------------------------------------------------- dashboard, audit


class RecentAnimeRead(BaseModel):
    id: str
    title: str
    created_at: str = Field(description="ISO 8601 with +00:00 (as the replaced system's dashboard)")


class RecentEpisodeRead(BaseModel):
    id: str
    anime_id: str
    number: int
    created_at: str


class AuditLogRead(BaseModel):
    id: int
    admin_id: int
    admin_email: str | None
    action: str
    resource_type: str
    resource_id: str
    changes: dict[str, Any] | None = Field(description="Updates: {field: {old, new}}; create/delete: the values")
    created_at: datetime


class AuditLogPageRead(BaseModel):
    items: list[AuditLogRead]
    total: int
    page: int
    per_page: int
    total_pages: int


class DashboardRead(BaseModel):
    total_anime: int
    active_anime: int
    inactive_anime: int
    total_episodes: int
    total_video_sources: int
    recent_anime: list[RecentAnimeRead]
    recent_episodes: list[RecentEpisodeRead]
    recent_changes: list[AuditLogRead] = Field(description="The five latest audit entries (additive)")
    pending_rebuild_jobs: int = Field(description="Rebuild jobs pending or running (additive)")


# ---------------------------------------------------------------------------------------------- rebuild

_USER_TARGET = r"^[1-9][0-9]{0,18}(?::[a-z0-9_-]{1,32})?$"


class RebuildRequest(BaseModel):
    scope: Literal["all", "anime", "user"] = "all"
    target: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = Field(
        default=None,
        description="none for `all`; the slug for `anime`; `<user id>` or `<user id>:<provider>` for `user`",
    )

    @model_validator(mode="after")
    def _target_matches_scope(self) -> Self:
        if self.scope == "all":
            if self.target is not None:
                raise ValueError("scope 'all' takes no target")
        elif self.target is None:
            raise ValueError(f"scope '{self.scope}' needs a target")
        elif self.scope == "anime" and not re.fullmatch(SLUG_PATTERN, self.target):
            raise ValueError("an anime target is a slug")
        elif self.scope == "user" and not re.fullmatch(_USER_TARGET, self.target):
            raise ValueError("a user target is <user id> or <user id>:<provider>")
        return self


class RebuildStartedRead(BaseModel):
    job_id: UUID
    status: Literal["pending", "running", "succeeded", "failed"]


class RebuildJobRead(BaseModel):
    job_id: UUID
    scope: Literal["all", "anime", "user"]
    target: str | None
    status: Literal["pending", "running", "succeeded", "failed"]
    total: int | None
    done: int
    error: str | None
    requested_by: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
