"""Active episodes (number ascending) with active sources (priority descending) of an active anime."""

from __future__ import annotations

from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.models import EpisodeWithSources
from ani_write.application.ports import CatalogQueries

__all__ = ["ListEpisodesHandler"]


class ListEpisodesHandler:
    def __init__(self, queries: CatalogQueries) -> None:
        self._queries = queries

    async def __call__(self, slug: str) -> list[EpisodeWithSources]:
        episodes = await self._queries.episodes_by_slug(slug)
        if episodes is None:
            raise AnimeNotFoundError(slug)
        return episodes
