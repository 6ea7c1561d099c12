"""Create or update one library entry (only the fields given change; a new entry past the user's cap is refused)."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.errors import UserDataLimitError
from ani_write.application.models import LibraryItem
from ani_write.application.ports import LibraryChanges, UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.events import library_changed

__all__ = ["PutLibraryItem", "PutLibraryItemHandler"]


@dataclass(frozen=True, slots=True)
class PutLibraryItem:
    user_id: int
    provider: str
    title_id: str
    changes: LibraryChanges


class PutLibraryItemHandler(Transactional[PutLibraryItem, LibraryItem]):
    async def run(self, uow: UnitOfWork, command: PutLibraryItem) -> LibraryItem:
        item = await uow.library.upsert(command.user_id, command.provider, command.title_id, command.changes)
        if item is None:  # a new item past the user's cap: nothing was written
            raise UserDataLimitError("library items", uow.limits.max_library_items)
        uow.events.add(library_changed(command.user_id, command.provider, command.title_id))
        return item
