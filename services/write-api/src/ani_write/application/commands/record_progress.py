"""Save watch progress: the progress upsert, its history entry, the library side effect and the outbox events in one
transaction (one statement).

Library side effect: no library row for the title → one is added with status ``watching`` (``episodes_watched`` 1 if
this write made the episode watched, else 0); ``planned`` → ``watching``; the write that first makes an episode
watched (:func:`ani_write.domain.progress.is_watched`) adds 1 to ``episodes_watched``. The row's ``updated_at`` moves
and ``library_changed`` is emitted only when the row changed."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.errors import UserDataLimitError
from ani_write.application.models import ProgressEntry
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.events import HISTORY_CHANGED, progress_changed, user_data_changed
from ani_write.domain.progress import is_watched, validate_progress

__all__ = ["RecordProgress", "RecordProgressHandler"]


@dataclass(frozen=True, slots=True)
class RecordProgress:
    user_id: int
    provider: str
    episode_id: str
    title_id: str
    position_seconds: float
    duration_seconds: float
    #: ``None`` keeps the stored translation; a string replaces it
    translation_id: str | None = None


class RecordProgressHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: RecordProgress) -> ProgressEntry:
        validate_progress(command.position_seconds, command.duration_seconds)
        async with self._uow() as uow:
            uow.events.add(progress_changed(command.user_id, command.provider, command.title_id, command.episode_id))
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
                command.translation_id,
                is_watched(command.position_seconds, command.duration_seconds),
            )
            await uow.commit()
        if entry is None:
            raise UserDataLimitError("progress entries", uow.limits.max_progress_rows)
        return entry
