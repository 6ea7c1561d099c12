"""Reference route 23: upsert one anime (no episodes) on ``(source_name, source_id)``."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.catalog_import import CatalogImporter
from ani_write.application.models import ImportResult
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.catalog import AnimeImport

__all__ = ["ImportAnime", "ImportAnimeHandler"]


@dataclass(frozen=True, slots=True)
class ImportAnime:
    anime: AnimeImport


class ImportAnimeHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: ImportAnime) -> ImportResult:
        result = ImportResult(source_id=command.anime.source_id, status="unchanged")
        async with self._uow() as uow:
            anime = await CatalogImporter(uow).upsert_anime(command.anime, result)
            result.slug = anime.slug
            result.anime_id = anime.id
            await uow.commit()
        return result
