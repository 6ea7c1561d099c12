"""Create or update one library entry (reference route 12 with contract-changes 16)."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.errors import UserDataLimitError
from ani_write.application.models import LibraryItem
from ani_write.application.ports import LibraryChanges, UnitOfWorkFactory
from ani_write.domain.events import library_changed

__all__ = ["PutLibraryItem", "PutLibraryItemHandler"]


@dataclass(frozen=True, slots=True)
class PutLibraryItem:
    user_id: int
    provider: str
    title_id: str
    changes: LibraryChanges


class PutLibraryItemHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: PutLibraryItem) -> LibraryItem:
        async with self._uow() as uow:
            item = await uow.library.upsert(command.user_id, command.provider, command.title_id, command.changes)
            if item is None:  # a new item past the user's cap: nothing was written
                raise UserDataLimitError("library items", uow.limits.max_library_items)
            uow.events.add(library_changed(command.user_id, command.provider, command.title_id))
            await uow.commit()
        return item
