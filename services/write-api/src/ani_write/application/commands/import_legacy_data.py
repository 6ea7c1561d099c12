"""One-shot import of the browser's localStorage data, in one transaction.

Rules: an item without a title id, with a non-positive or unrepresentable timestamp (epoch milliseconds) or, for
progress, with a position the domain refuses is skipped; within one payload the newest of duplicates wins (episode id
``<title id>-ep-<number>``; saved series by title id) and the others count as skipped; stored data newer than the
item is never overwritten. An import that could take the user past a cap is refused whole (counted as if every item
were new).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from ani_write.application.errors import UserDataLimitError
from ani_write.application.ports import LegacyProgress, LegacySaved, UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.errors import InvalidProgressError
from ani_write.domain.events import HISTORY_CHANGED, LIBRARY_CHANGED, PROGRESS_CHANGED, user_data_changed
from ani_write.domain.progress import validate_progress

__all__ = [
    "ImportLegacyData",
    "ImportLegacyDataHandler",
    "LegacyImportResult",
    "LegacyProgressItem",
    "LegacySavedItem",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class LegacyProgressItem:
    """One progress entry of the legacy payload, as sent."""

    title_id: str
    episode_number: int
    position_seconds: float
    duration_seconds: float
    updated_at_ms: int


@dataclass(frozen=True, slots=True)
class LegacySavedItem:
    """One saved series of the legacy payload, as sent."""

    title_id: str
    saved_at_ms: int


@dataclass(frozen=True, slots=True)
class ImportLegacyData:
    user_id: int
    provider: str
    progress: Sequence[LegacyProgressItem]
    saved: Sequence[LegacySavedItem]


@dataclass(frozen=True, slots=True)
class LegacyImportResult:
    progress_imported: int
    progress_skipped: int
    library_imported: int
    library_skipped: int


def from_epoch_ms(value: int) -> datetime | None:
    """The instant of a legacy timestamp; ``None`` for a non-positive or unrepresentable one."""
    if value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _progress(item: LegacyProgressItem) -> LegacyProgress | None:
    at = from_epoch_ms(item.updated_at_ms)
    try:
        validate_progress(item.position_seconds, item.duration_seconds)
    except InvalidProgressError:
        return None
    if not item.title_id or at is None:
        return None
    episode_id = f"{item.title_id}-ep-{item.episode_number}"
    return LegacyProgress(item.title_id, episode_id, item.position_seconds, item.duration_seconds, at)


def _saved(item: LegacySavedItem) -> LegacySaved | None:
    at = from_epoch_ms(item.saved_at_ms)
    return LegacySaved(item.title_id, at) if item.title_id and at is not None else None


def newest(
    entries: Iterable[T | None], key: Callable[[T], Hashable], at: Callable[[T], datetime]
) -> tuple[list[T], int]:
    """The valid entries, one per key (the newest; the first of equals), and how many were invalid or duplicates."""
    kept: dict[Hashable, T] = {}
    skipped = 0
    for entry in entries:
        if entry is None:
            skipped += 1
            continue
        previous = kept.get(key(entry))
        if previous is not None:
            skipped += 1  # a duplicate in the payload: the newest one wins
            if at(previous) >= at(entry):
                continue
        kept[key(entry)] = entry
    return list(kept.values()), skipped


class ImportLegacyDataHandler(Transactional[ImportLegacyData, LegacyImportResult]):
    async def run(self, uow: UnitOfWork, command: ImportLegacyData) -> LegacyImportResult:
        user_id, provider = command.user_id, command.provider
        progress, progress_invalid = newest(
            map(_progress, command.progress), lambda entry: entry.episode_id, lambda entry: entry.updated_at
        )
        saved, saved_invalid = newest(
            map(_saved, command.saved), lambda entry: entry.title_id, lambda entry: entry.saved_at
        )
        limits = uow.limits
        if progress and await uow.progress.count(user_id) + len(progress) > limits.max_progress_rows:
            raise UserDataLimitError("progress entries", limits.max_progress_rows)
        if saved and await uow.library.count(user_id) + len(saved) > limits.max_library_items:
            raise UserDataLimitError("library items", limits.max_library_items)
        progress_imported = await uow.progress.import_legacy(user_id, provider, progress)
        library_imported = await uow.library.import_saved(user_id, provider, saved)
        if progress_imported:
            uow.events.add(user_data_changed(PROGRESS_CHANGED, user_id, provider))
            uow.events.add(user_data_changed(HISTORY_CHANGED, user_id, provider))
        if library_imported:
            uow.events.add(user_data_changed(LIBRARY_CHANGED, user_id, provider))
        return LegacyImportResult(
            progress_imported=progress_imported,
            progress_skipped=len(progress) - progress_imported + progress_invalid,
            library_imported=library_imported,
            library_skipped=len(saved) - library_imported + saved_invalid,
        )
