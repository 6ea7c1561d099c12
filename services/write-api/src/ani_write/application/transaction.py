"""The skeleton every write use case shares: one unit of work, committed when the work succeeds."""

from __future__ import annotations

from typing import Generic, TypeVar

from ani_write.application.ports import UnitOfWork, UnitOfWorkFactory

__all__ = ["Transactional"]

CommandT = TypeVar("CommandT")
ResultT = TypeVar("ResultT")


class Transactional(Generic[CommandT, ResultT]):
    """A use case run in one unit of work: :meth:`run` does the work; its writes, outbox events and audit rows are
    committed together when it returns, and all rolled back when it raises."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: CommandT) -> ResultT:
        async with self._uow() as uow:
            result = await self.run(uow, command)
            await uow.commit()
        return result

    async def run(self, uow: UnitOfWork, command: CommandT) -> ResultT:
        raise NotImplementedError
