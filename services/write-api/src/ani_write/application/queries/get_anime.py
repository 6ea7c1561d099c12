"""One active anime by slug."""

from __future__ import annotations

from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.models import AnimeDetail
from ani_write.application.ports import CatalogQueries

__all__ = ["GetAnimeHandler"]


class GetAnimeHandler:
    def __init__(self, queries: CatalogQueries) -> None:
        self._queries = queries

    async def __call__(self, slug: str) -> AnimeDetail:
        anime = await self._queries.anime_by_slug(slug)
        if anime is None:
            raise AnimeNotFoundError(slug)
        return anime
