"""Reference route 29: every anime (inactive included), searched, filtered and paged, newest edit first."""

from __future__ import annotations

from ani_write.application.admin.models import AdminAnimeListItem, AnimeListFilter, Page
from ani_write.application.ports import UnitOfWorkFactory

__all__ = ["ListAnimeForAdminHandler"]


class ListAnimeForAdminHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: AnimeListFilter) -> Page[AdminAnimeListItem]:
        async with self._uow() as uow:
            return await uow.admin.list_anime(query)
