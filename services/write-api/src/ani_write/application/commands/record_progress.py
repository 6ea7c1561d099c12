"""Save watch progress: the progress upsert, its history entry and the outbox events in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.models import ProgressEntry
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.events import HISTORY_CHANGED, PROGRESS_CHANGED, user_data_changed
from ani_write.domain.progress import validate_progress

__all__ = ["RecordProgress", "RecordProgressHandler"]


@dataclass(frozen=True, slots=True)
class RecordProgress:
    user_id: int
    provider: str
    episode_id: str
    title_id: str
    position_seconds: float
    duration_seconds: float


class RecordProgressHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: RecordProgress) -> ProgressEntry:
        validate_progress(command.position_seconds, command.duration_seconds)
        async with self._uow() as uow:
            uow.events.add(user_data_changed(PROGRESS_CHANGED, command.user_id, command.provider))
            uow.events.add(user_data_changed(HISTORY_CHANGED, command.user_id, command.provider))
            # The hot path: the upsert, the history entry and the events are one statement, one round trip.
            uow.commit_with_next_statement()
            entry = await uow.progress.record(
                command.user_id,
                command.provider,
                command.episode_id,
                command.title_id,
                command.position_seconds,
                command.duration_seconds,
            )
            await uow.commit()
        return entry
