"""Delete one history entry of the caller (any provider; another user's id is a 404)."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.errors import HistoryEntryNotFoundError
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.events import HISTORY_CHANGED, user_data_changed

__all__ = ["DeleteHistoryEntry", "DeleteHistoryEntryHandler"]


@dataclass(frozen=True, slots=True)
class DeleteHistoryEntry:
    user_id: int
    history_id: int


class DeleteHistoryEntryHandler(Transactional[DeleteHistoryEntry, None]):
    async def run(self, uow: UnitOfWork, command: DeleteHistoryEntry) -> None:
        provider = await uow.history.delete(command.user_id, command.history_id)
        if provider is None:
            raise HistoryEntryNotFoundError
        uow.events.add(user_data_changed(HISTORY_CHANGED, command.user_id, provider))
