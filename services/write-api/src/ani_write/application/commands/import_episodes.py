"""Upsert episodes (and their sources) of an existing anime, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.catalog_import import CatalogImporter
from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.catalog import ChangeCounts, EpisodeImport

__all__ = ["ImportEpisodes", "ImportEpisodesHandler"]


@dataclass(frozen=True, slots=True)
class ImportEpisodes:
    source_name: str
    anime_source_id: str
    episodes: tuple[EpisodeImport, ...]


class ImportEpisodesHandler(Transactional[ImportEpisodes, ChangeCounts]):
    async def run(self, uow: UnitOfWork, command: ImportEpisodes) -> ChangeCounts:
        counts = ChangeCounts()
        anime = await uow.catalog.find_anime(command.source_name, command.anime_source_id)
        if anime is None:
            raise AnimeNotFoundError(f"{command.source_name}/{command.anime_source_id}")
        importer = CatalogImporter(uow)
        ids = await importer.upsert_episodes(anime, command.episodes, counts)
        pairs = [(ids[episode.source_episode_id], video) for episode in command.episodes for video in episode.videos]
        await importer.upsert_videos(anime, pairs, ChangeCounts())
        return counts
