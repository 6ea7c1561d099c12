"""Reference route 32: every episode of an anime (inactive included), by number."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.models import AdminEpisode
from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory

__all__ = ["AnimeEpisodes", "ListEpisodesForAdminHandler"]


@dataclass(frozen=True, slots=True)
class AnimeEpisodes:
    anime_title: str
    items: list[AdminEpisode]


class ListEpisodesForAdminHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, anime_id: UUID) -> AnimeEpisodes:
        async with self._uow() as uow:
            anime = await uow.admin.get_anime(anime_id)
            if anime is None:
                raise AnimeNotFoundError
            return AnimeEpisodes(anime_title=anime.title, items=await uow.admin.list_episodes(anime_id))
