# ruff: noqa: S608 - SQL here is composed only from module constants and whitelisted column names; values are
# always bind parameters.
"""asyncpg repositories of the users' data (library, progress, history): prebuilt SQL, set-based writes (``unnest`` +
``ON CONFLICT``), never one query per item. The catalog import's writer is ``catalog_writer``.

They never commit: the unit of work owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from ani_write.application.models import LibraryItem, ProgressEntry
from ani_write.application.ports import LegacyProgress, LegacySaved, LibraryChanges
from ani_write.domain.limits import UserDataLimits
from ani_write.infrastructure.db.records import load

__all__ = [
    "AsyncpgHistoryRepository",
    "AsyncpgLibraryRepository",
    "AsyncpgProgressRepository",
    "library_item",
    "progress_entry",
]

LIBRARY_COLUMNS = (
    "id, user_id, provider, title_id, status, is_favorite, score, episodes_watched, created_at, updated_at"
)
DEFAULT_LIMITS = UserDataLimits()
PROGRESS_COLUMNS = (
    "id, user_id, provider, title_id, episode_id, position_seconds, duration_seconds, updated_at, translation_id, "
    "watched_at"
)


def library_item(row: Any) -> LibraryItem:
    return load(LibraryItem, row)


def progress_entry(row: Any) -> ProgressEntry:
    # spelled out: the progress PUT (the hot path) returns one
    return ProgressEntry(
        id=row["id"],
        user_id=row["user_id"],
        provider=row["provider"],
        title_id=row["title_id"],
        episode_id=row["episode_id"],
        position_seconds=row["position_seconds"],
        duration_seconds=row["duration_seconds"],
        updated_at=row["updated_at"],
        translation_id=row["translation_id"],
        watched=row["watched_at"] is not None,
    )


# ------------------------------------------------------------------------------------------------ library

# The cap ($9) in the same statement: a new row only while the user has fewer than $9 (counted only when the item is
# new; the count stops at $9 rows). Nothing is written, and no row returned, past it.
UPSERT_LIBRARY = f"""
INSERT INTO user_library_items AS l (user_id, provider, title_id, status, is_favorite, score, episodes_watched)
SELECT $1::bigint, $2::text, $3::text, coalesce($4::text, 'watching'), coalesce($5::boolean, false), $6::smallint,
       coalesce($7::integer, 0)
WHERE EXISTS (SELECT 1 FROM user_library_items WHERE user_id = $1 AND provider = $2 AND title_id = $3)
   OR (SELECT count(*) FROM (SELECT 1 FROM user_library_items WHERE user_id = $1 LIMIT $9::integer) AS mine)
      < $9::integer
ON CONFLICT (user_id, provider, title_id) DO UPDATE SET
    status = coalesce($4::text, l.status),
    is_favorite = coalesce($5::boolean, l.is_favorite),
    score = CASE WHEN $8::boolean THEN NULL ELSE coalesce($6::smallint, l.score) END,
    episodes_watched = coalesce($7::integer, l.episodes_watched),
    updated_at = now()
RETURNING {LIBRARY_COLUMNS}
"""

COUNT_LIBRARY = "SELECT count(*) FROM user_library_items WHERE user_id = $1"
COUNT_PROGRESS = "SELECT count(*) FROM user_progress WHERE user_id = $1"

DELETE_LIBRARY = "DELETE FROM user_library_items WHERE user_id = $1 AND provider = $2 AND title_id = $3 RETURNING id"

IMPORT_SAVED = """
WITH upserted AS (
    INSERT INTO user_library_items AS l (user_id, provider, title_id, status, is_favorite, created_at, updated_at)
    SELECT $1, $2, item.title_id, 'planned', true, item.saved_at, item.saved_at
    FROM unnest($3::text[], $4::timestamptz[]) AS item(title_id, saved_at)
    ON CONFLICT (user_id, provider, title_id) DO UPDATE SET is_favorite = true, updated_at = EXCLUDED.updated_at
    WHERE EXCLUDED.updated_at > l.updated_at
    RETURNING 1
)
SELECT count(*) FROM upserted
"""


class _CappedRows:
    """A user's rows under a per-user cap: the connection, the caps, and the count over every provider."""

    COUNT: ClassVar[str]

    def __init__(self, connection: Any, limits: UserDataLimits = DEFAULT_LIMITS) -> None:
        self._db = connection
        self._limits = limits

    async def count(self, user_id: int) -> int:
        count: int = await self._db.fetchval(self.COUNT, user_id)
        return count


class AsyncpgLibraryRepository(_CappedRows):
    COUNT = COUNT_LIBRARY

    async def upsert(self, user_id: int, provider: str, title_id: str, changes: LibraryChanges) -> LibraryItem | None:
        row = await self._db.fetchrow(
            UPSERT_LIBRARY,
            user_id,
            provider,
            title_id,
            changes.status,
            changes.is_favorite,
            changes.score,
            changes.episodes_watched,
            changes.clear_score,
            self._limits.max_library_items,
        )
        return None if row is None else library_item(row)

    async def delete(self, user_id: int, provider: str, title_id: str) -> bool:
        return await self._db.fetchval(DELETE_LIBRARY, user_id, provider, title_id) is not None

    async def import_saved(self, user_id: int, provider: str, items: Sequence[LegacySaved]) -> int:
        if not items:
            return 0
        count: int = await self._db.fetchval(
            IMPORT_SAVED, user_id, provider, [item.title_id for item in items], [item.saved_at for item in items]
        )
        return count


# ------------------------------------------------------------------------------------------------ progress

# One statement, one round trip: upsert the progress row (translation kept when $7 is null, ``watched_at`` set once),
# touch the episode's newest history entry or add one, apply the library side effect, and emit the events that depend
# on what changed (``library_changed`` when the library row changed; ``progress_changed`` of the previous title when
# the episode moved to another title). The unconditional events are added by the unit of work as another CTE.
# ``flipped``: this statement set ``watched_at`` (stamped with the statement's own start time, which no other
# statement shares — not ``now()``, which every statement of an enclosing transaction shares).
# Caps (ani_write.domain.limits) in the same statement, evaluated only when needed: ``previous`` already tells whether
# the episode has a row, and only a new row counts the user's rows (up to the cap, $9, on the user_id-led index); past
# it nothing is saved, the history and library CTEs see no ``saved`` row, and the statement returns no row. The
# library side effect adds a row only while the user has fewer than $10 items (an existing item is always updated).
RECORD_PROGRESS = f"""
WITH previous AS (
    SELECT title_id FROM user_progress WHERE user_id = $1 AND provider = $2 AND episode_id = $3
), saved AS (
    INSERT INTO user_progress AS p (user_id, provider, episode_id, title_id, position_seconds, duration_seconds,
                                    translation_id, watched_at)
    SELECT $1::bigint, $2::text, $3::text, $4::text, $5::float8, $6::float8, $7::varchar,
           CASE WHEN $8::boolean THEN statement_timestamp() END
    WHERE EXISTS (SELECT 1 FROM previous)
       OR (SELECT count(*) FROM (SELECT 1 FROM user_progress WHERE user_id = $1 LIMIT $9::integer) AS mine)
          < $9::integer
    ON CONFLICT (user_id, provider, episode_id) DO UPDATE SET
        title_id = EXCLUDED.title_id,
        position_seconds = EXCLUDED.position_seconds,
        duration_seconds = EXCLUDED.duration_seconds,
        translation_id = coalesce(EXCLUDED.translation_id, p.translation_id),
        watched_at = coalesce(p.watched_at, EXCLUDED.watched_at),
        updated_at = now()
    RETURNING {PROGRESS_COLUMNS}, coalesce(watched_at = statement_timestamp(), false) AS flipped
), latest AS (
    SELECT id FROM user_history
    WHERE user_id = $1 AND provider = $2 AND episode_id = $3
    ORDER BY watched_at DESC, id DESC
    LIMIT 1
    FOR UPDATE
), touched AS (
    UPDATE user_history AS h SET watched_at = now(), position_seconds = $5, title_id = $4
    FROM latest WHERE h.id = latest.id AND EXISTS (SELECT 1 FROM saved)
    RETURNING h.id
), added AS (
    INSERT INTO user_history (user_id, provider, episode_id, title_id, position_seconds)
    SELECT $1, $2, $3, $4, $5 FROM saved WHERE NOT EXISTS (SELECT 1 FROM touched)
    RETURNING id
), library AS (
    INSERT INTO user_library_items AS l (user_id, provider, title_id, status, episodes_watched)
    SELECT $1, $2, $4, 'watching', CASE WHEN saved.flipped THEN 1 ELSE 0 END FROM saved
    WHERE EXISTS (SELECT 1 FROM user_library_items WHERE user_id = $1 AND provider = $2 AND title_id = $4)
       OR (SELECT count(*) FROM (SELECT 1 FROM user_library_items WHERE user_id = $1 LIMIT $10::integer) AS mine)
          < $10::integer
    ON CONFLICT (user_id, provider, title_id) DO UPDATE SET
        status = CASE WHEN l.status = 'planned' THEN 'watching' ELSE l.status END,
        episodes_watched = l.episodes_watched + EXCLUDED.episodes_watched,
        updated_at = now()
    WHERE l.status = 'planned' OR EXCLUDED.episodes_watched > 0
    RETURNING l.id
), library_event AS (
    INSERT INTO outbox (topic, payload)
    SELECT 'library_changed', jsonb_build_object('user_id', $1::bigint, 'provider', $2::text, 'title_id', $4::text)
    FROM library
), moved_event AS (
    INSERT INTO outbox (topic, payload)
    SELECT 'progress_changed', jsonb_build_object('user_id', $1::bigint, 'provider', $2::text,
                                                  'title_id', previous.title_id, 'episode_id', $3::text)
    FROM previous, saved WHERE previous.title_id <> $4
)
SELECT {PROGRESS_COLUMNS} FROM saved
"""

IMPORT_PROGRESS = """
WITH item AS (
    SELECT * FROM unnest($3::text[], $4::text[], $5::float8[], $6::float8[], $7::timestamptz[])
        AS item(title_id, episode_id, position_seconds, duration_seconds, updated_at)
), upserted AS (
    INSERT INTO user_progress AS p (user_id, provider, title_id, episode_id, position_seconds, duration_seconds,
                                    updated_at)
    SELECT $1, $2, title_id, episode_id, position_seconds, duration_seconds, updated_at FROM item
    ON CONFLICT (user_id, provider, episode_id) DO UPDATE SET
        title_id = EXCLUDED.title_id,
        position_seconds = EXCLUDED.position_seconds,
        duration_seconds = EXCLUDED.duration_seconds,
        updated_at = EXCLUDED.updated_at
    WHERE EXCLUDED.updated_at > p.updated_at
    RETURNING episode_id, (xmax = 0) AS inserted
), history AS (
    INSERT INTO user_history (user_id, provider, title_id, episode_id, position_seconds, watched_at)
    SELECT $1, $2, item.title_id, item.episode_id, item.position_seconds, item.updated_at
    FROM item JOIN upserted ON upserted.episode_id = item.episode_id AND upserted.inserted
    WHERE NOT EXISTS (
        SELECT 1 FROM user_history h WHERE h.user_id = $1 AND h.provider = $2 AND h.episode_id = item.episode_id
    )
)
SELECT count(*) FROM upserted
"""


class AsyncpgProgressRepository(_CappedRows):
    COUNT = COUNT_PROGRESS

    async def record(
        self,
        user_id: int,
        provider: str,
        episode_id: str,
        title_id: str,
        position: float,
        duration: float,
        translation_id: str | None,
        watched: bool,
    ) -> ProgressEntry | None:
        row = await self._db.fetchrow(
            RECORD_PROGRESS,
            user_id,
            provider,
            episode_id,
            title_id,
            position,
            duration,
            translation_id,
            watched,
            self._limits.max_progress_rows,
            self._limits.max_library_items,
        )
        return None if row is None else progress_entry(row)

    async def import_legacy(self, user_id: int, provider: str, items: Sequence[LegacyProgress]) -> int:
        if not items:
            return 0
        count: int = await self._db.fetchval(
            IMPORT_PROGRESS,
            user_id,
            provider,
            [item.title_id for item in items],
            [item.episode_id for item in items],
            [item.position_seconds for item in items],
            [item.duration_seconds for item in items],
            [item.updated_at for item in items],
        )
        return count


# ------------------------------------------------------------------------------------------------ history

DELETE_HISTORY = "DELETE FROM user_history WHERE id = $1 AND user_id = $2 RETURNING provider"
CLEAR_HISTORY = """
WITH deleted AS (DELETE FROM user_history WHERE user_id = $1 AND provider = $2 RETURNING 1)
SELECT count(*) FROM deleted
"""


class AsyncpgHistoryRepository:
    def __init__(self, connection: Any) -> None:
        self._db = connection

    async def delete(self, user_id: int, history_id: int) -> str | None:
        provider: str | None = await self._db.fetchval(DELETE_HISTORY, history_id, user_id)
        return provider

    async def clear(self, user_id: int, provider: str) -> int:
        count: int = await self._db.fetchval(CLEAR_HISTORY, user_id, provider)
        return count
