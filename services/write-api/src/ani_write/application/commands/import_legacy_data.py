"""One-shot import of the browser's localStorage data (reference route 19), in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.errors import UserDataLimitError
from ani_write.application.ports import LegacyProgress, LegacySaved, UnitOfWorkFactory
from ani_write.domain.events import HISTORY_CHANGED, LIBRARY_CHANGED, PROGRESS_CHANGED, user_data_changed

__all__ = ["ImportLegacyData", "ImportLegacyDataHandler", "LegacyImportResult"]


@dataclass(frozen=True, slots=True)
class ImportLegacyData:
    user_id: int
    provider: str
    progress: tuple[LegacyProgress, ...]
    progress_invalid: int
    saved: tuple[LegacySaved, ...]
    saved_invalid: int


@dataclass(frozen=True, slots=True)
class LegacyImportResult:
    progress_imported: int
    progress_skipped: int
    library_imported: int
    library_skipped: int


class ImportLegacyDataHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: ImportLegacyData) -> LegacyImportResult:
        async with self._uow() as uow:
            # Caps: an import that could take the user past one is refused whole (counted as if every item were new).
            if command.progress and (
                await uow.progress.count(command.user_id) + len(command.progress) > uow.limits.max_progress_rows
            ):
                raise UserDataLimitError("progress entries", uow.limits.max_progress_rows)
            if command.saved and (
                await uow.library.count(command.user_id) + len(command.saved) > uow.limits.max_library_items
            ):
                raise UserDataLimitError("library items", uow.limits.max_library_items)
            progress = await uow.progress.import_legacy(command.user_id, command.provider, command.progress)
            library = await uow.library.import_saved(command.user_id, command.provider, command.saved)
            if progress:
                uow.events.add(user_data_changed(PROGRESS_CHANGED, command.user_id, command.provider))
                uow.events.add(user_data_changed(HISTORY_CHANGED, command.user_id, command.provider))
            if library:
                uow.events.add(user_data_changed(LIBRARY_CHANGED, command.user_id, command.provider))
            await uow.commit()
        return LegacyImportResult(
            progress_imported=progress,
            progress_skipped=len(command.progress) - progress + command.progress_invalid,
            library_imported=library,
            library_skipped=len(command.saved) - library + command.saved_invalid,
        )
