"""Delete the caller's whole history of one provider in a single statement."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.events import HISTORY_CHANGED, user_data_changed

__all__ = ["ClearHistory", "ClearHistoryHandler"]


@dataclass(frozen=True, slots=True)
class ClearHistory:
    user_id: int
    provider: str


class ClearHistoryHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: ClearHistory) -> int:
        async with self._uow() as uow:
            count = await uow.history.clear(command.user_id, command.provider)
            if count:
                uow.events.add(user_data_changed(HISTORY_CHANGED, command.user_id, command.provider))
            await uow.commit()
        return count
