"""Upsert one video source on ``(episode_id, url, source_name)``; the episode is found by its source keys."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.catalog_import import CatalogImporter
from ani_write.application.errors import AmbiguousEpisodeError, EpisodeNotFoundError
from ani_write.application.models import StoredAnime
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.catalog import ChangeCounts, VideoImport

__all__ = ["ImportVideo", "ImportVideoHandler"]


@dataclass(frozen=True, slots=True)
class ImportVideo:
    source_name: str
    source_episode_id: str
    anime_source_id: str | None
    video: VideoImport


class ImportVideoHandler(Transactional[ImportVideo, ChangeCounts]):
    async def run(self, uow: UnitOfWork, command: ImportVideo) -> ChangeCounts:
        counts = ChangeCounts()
        reference = f"{command.source_name}/{command.source_episode_id}"
        matches = await uow.catalog.find_episodes(
            command.source_name, command.source_episode_id, command.anime_source_id
        )
        if not matches:
            raise EpisodeNotFoundError(reference)
        if len(matches) > 1:
            raise AmbiguousEpisodeError(reference)
        episode, slug = matches[0]
        anime = StoredAnime(id=episode.anime_id, slug=slug, locked_fields=frozenset(), values={})
        await CatalogImporter(uow).upsert_videos(anime, [(episode.id, command.video)], counts)
        return counts
