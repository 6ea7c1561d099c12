"""The three curated resources (anime, episodes, video sources) as the generic curation use cases see them.

A :class:`Resource` names the row type and change set, the audit ``resource_type``, the fields an edit locks against
imports, the not-found error, and what the audit rows of a create and a delete record. The admin repository maps each
one to its table (``ani_write.infrastructure.db.admin_repository``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from ani_write.application.admin.models import (
    AdminAnime,
    AdminEpisode,
    AdminVideo,
    AnimeChanges,
    ChangeSet,
    Curated,
    EpisodeChanges,
    VideoChanges,
)
from ani_write.application.errors import (
    AnimeNotFoundError,
    ApplicationError,
    EpisodeNotFoundError,
    VideoSourceNotFoundError,
)
from ani_write.domain.admin import (
    ANIME_LOCKABLE_FIELDS,
    EPISODE_LOCKABLE_FIELDS,
    VIDEO_LOCKABLE_FIELDS,
    ResourceType,
)

__all__ = ["ANIME", "EPISODE", "VIDEO_SOURCE", "C", "Resource", "Row"]

Row = TypeVar("Row", bound=Curated)
C = TypeVar("C", bound=ChangeSet)


@dataclass(frozen=True, slots=True, eq=False)
class Resource(Generic[Row, C]):
    resource_type: ResourceType
    changes: type[C]
    #: the fields an edit locks against imports (the fields imports write)
    lockable: tuple[str, ...]
    not_found: Callable[[], ApplicationError]
    #: the row's identity columns, given on create and recorded with the values in the create's audit row
    identity: tuple[str, ...]
    #: what the audit row of a delete records
    deleted: tuple[str, ...]
    #: whether a change shows in the catalog listing (``catalog_changed``), not only in the anime's detail
    catalog: bool = False


ANIME: Resource[AdminAnime, AnimeChanges] = Resource(
    ResourceType.ANIME,
    AnimeChanges,
    ANIME_LOCKABLE_FIELDS,
    AnimeNotFoundError,
    identity=("source_name", "source_id"),
    deleted=("title", "slug", "source_name", "source_id"),
    catalog=True,
)
EPISODE: Resource[AdminEpisode, EpisodeChanges] = Resource(
    ResourceType.EPISODE,
    EpisodeChanges,
    EPISODE_LOCKABLE_FIELDS,
    EpisodeNotFoundError,
    identity=("anime_id", "source_episode_id"),
    deleted=("anime_id", "source_episode_id", "number", "title"),
)
VIDEO_SOURCE: Resource[AdminVideo, VideoChanges] = Resource(
    ResourceType.VIDEO_SOURCE,
    VideoChanges,
    VIDEO_LOCKABLE_FIELDS,
    VideoSourceNotFoundError,
    identity=("episode_id",),
    deleted=("episode_id", "url", "source_name"),
)
