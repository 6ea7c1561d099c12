"""Reference route 30: one anime by id, whatever its state."""

from __future__ import annotations

from uuid import UUID

from ani_write.application.admin.models import AdminAnime
from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory

__all__ = ["GetAnimeForAdminHandler"]


class GetAnimeForAdminHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, anime_id: UUID) -> AdminAnime:
        async with self._uow() as uow:
            anime = await uow.admin.get_anime(anime_id)
        if anime is None:
            raise AnimeNotFoundError
        return anime
