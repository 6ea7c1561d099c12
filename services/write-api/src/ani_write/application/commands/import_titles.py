"""Batch import for the parser: each title in its own transaction, so one bad title never aborts the others."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from ani_write.application.catalog_import import CatalogImporter
from ani_write.application.errors import SlugUnavailableError
from ani_write.application.models import ImportResult
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.catalog import AnimeImport, ChangeCounts

__all__ = ["ImportTitles", "ImportTitlesHandler"]

logger = logging.getLogger(__name__)

FAILED_MESSAGE = "The title could not be imported; the write-api log has the details (search for its trace id)."


@dataclass(frozen=True, slots=True)
class ImportTitles:
    titles: Sequence[AnimeImport]


class ImportTitlesHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: ImportTitles) -> list[ImportResult]:
        return [await self._one(title) for title in command.titles]

    async def _one(self, title: AnimeImport) -> ImportResult:
        result = ImportResult(source_id=title.source_id, status="unchanged")
        try:
            async with self._uow() as uow:
                await CatalogImporter(uow).import_title(title, result)
                await uow.commit()
        except SlugUnavailableError as exc:
            return ImportResult(source_id=title.source_id, status="failed", error=str(exc))
        except Exception:
            # Never the exception text in a response (it can carry SQL and values); the log has the traceback.
            logger.exception(
                "title import failed", extra={"source_name": title.source_name, "source_id": title.source_id}
            )
            return ImportResult(
                source_id=title.source_id,
                status="failed",
                error=FAILED_MESSAGE,
                episodes=ChangeCounts(),
                videos=ChangeCounts(),
            )
        return result
