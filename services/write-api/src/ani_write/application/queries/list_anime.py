"""The public catalog page: filters, search, sort, and the total for ``X-Total-Count``."""

from __future__ import annotations

from ani_write.application.models import CatalogFilter, CatalogPage
from ani_write.application.ports import CatalogQueries

__all__ = ["ListAnimeHandler"]


class ListAnimeHandler:
    def __init__(self, queries: CatalogQueries) -> None:
        self._queries = queries

    async def __call__(self, query: CatalogFilter) -> CatalogPage:
        return await self._queries.list_anime(query)
