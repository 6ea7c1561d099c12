"""Remove one library entry of the caller (404 when it does not exist for this user and provider)."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.errors import LibraryItemNotFoundError
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.events import library_changed

__all__ = ["DeleteLibraryItem", "DeleteLibraryItemHandler"]


@dataclass(frozen=True, slots=True)
class DeleteLibraryItem:
    user_id: int
    provider: str
    title_id: str


class DeleteLibraryItemHandler(Transactional[DeleteLibraryItem, None]):
    async def run(self, uow: UnitOfWork, command: DeleteLibraryItem) -> None:
        if not await uow.library.delete(command.user_id, command.provider, command.title_id):
            raise LibraryItemNotFoundError
        uow.events.add(library_changed(command.user_id, command.provider, command.title_id))
