"""Upsert one anime (no episodes) on ``(source_name, source_id)``."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.catalog_import import CatalogImporter
from ani_write.application.models import ImportResult
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.catalog import AnimeImport

__all__ = ["ImportAnime", "ImportAnimeHandler"]


@dataclass(frozen=True, slots=True)
class ImportAnime:
    anime: AnimeImport


class ImportAnimeHandler(Transactional[ImportAnime, ImportResult]):
    async def run(self, uow: UnitOfWork, command: ImportAnime) -> ImportResult:
        result = ImportResult(source_id=command.anime.source_id, status="unchanged")
        anime = await CatalogImporter(uow).upsert_anime(command.anime, result)
        result.slug = anime.slug
        result.anime_id = anime.id
        return result
