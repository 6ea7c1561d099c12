"""Remove one library entry of the caller (404 when it does not exist for this user and provider)."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.errors import LibraryItemNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.events import library_changed

__all__ = ["DeleteLibraryItem", "DeleteLibraryItemHandler"]


@dataclass(frozen=True, slots=True)
class DeleteLibraryItem:
    user_id: int
    provider: str
    title_id: str


class DeleteLibraryItemHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: DeleteLibraryItem) -> None:
        async with self._uow() as uow:
            if not await uow.library.delete(command.user_id, command.provider, command.title_id):
                raise LibraryItemNotFoundError
            uow.events.add(library_changed(command.user_id, command.provider, command.title_id))
            await uow.commit()
