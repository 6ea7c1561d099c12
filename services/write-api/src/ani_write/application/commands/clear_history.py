"""Delete the caller's whole history of one provider in a single statement."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.events import HISTORY_CHANGED, user_data_changed

__all__ = ["ClearHistory", "ClearHistoryHandler"]


@dataclass(frozen=True, slots=True)
class ClearHistory:
    user_id: int
    provider: str


class ClearHistoryHandler(Transactional[ClearHistory, int]):
    async def run(self, uow: UnitOfWork, command: ClearHistory) -> int:
        count = await uow.history.clear(command.user_id, command.provider)
        if count:
            uow.events.add(user_data_changed(HISTORY_CHANGED, command.user_id, command.provider))
        return count
