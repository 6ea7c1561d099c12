# ruff: noqa: S608 - SQL here is composed only from module constants and whitelisted column names; values are
# always bind parameters.
"""asyncpg repositories: prebuilt SQL, set-based writes (``unnest`` + ``ON CONFLICT``), never one query per item.

They never commit: the unit of work owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from ani_write.application.models import LibraryItem, ProgressEntry, StoredAnime, StoredEpisode, StoredVideo
from ani_write.application.ports import LegacyProgress, LegacySaved, LibraryChanges
from ani_write.domain.catalog import (
    ANIME_IMPORT_FIELDS,
    EPISODE_IMPORT_FIELDS,
    VIDEO_IMPORT_FIELDS,
    AnimeImport,
    EpisodeImport,
    VideoImport,
)
from ani_write.domain.limits import UserDataLimits

__all__ = [
    "AsyncpgCatalogWriter",
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
    return LibraryItem(
        id=row["id"],
        user_id=row["user_id"],
        provider=row["provider"],
        title_id=row["title_id"],
        status=row["status"],
        is_favorite=row["is_favorite"],
        score=row["score"],
        episodes_watched=row["episodes_watched"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def progress_entry(row: Any) -> ProgressEntry:
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


class AsyncpgLibraryRepository:
    def __init__(self, connection: Any, limits: UserDataLimits = DEFAULT_LIMITS) -> None:
        self._db = connection
        self._limits = limits

    async def count(self, user_id: int) -> int:
        count: int = await self._db.fetchval(COUNT_LIBRARY, user_id)
        return count

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


class AsyncpgProgressRepository:
    def __init__(self, connection: Any, limits: UserDataLimits = DEFAULT_LIMITS) -> None:
        self._db = connection
        self._limits = limits

    async def count(self, user_id: int) -> int:
        count: int = await self._db.fetchval(COUNT_PROGRESS, user_id)
        return count

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


# ------------------------------------------------------------------------------------------------ catalog

_ANIME_TYPES = {
    "title": "text",
    "alternative_titles": "text[]",
    "description": "text",
    "year": "integer",
    "status": "text",
    "poster": "text",
    "genres": "text[]",
}
_EPISODE_TYPES = {"number": "integer", "season": "integer", "title": "text", "is_active": "boolean"}
_VIDEO_TYPES = {
    "type": "text",
    "priority": "integer",
    "translation_id": "text",
    "translation_title": "text",
    "translation_type": "text",
    "quality": "text",
}
assert set(_ANIME_TYPES) == set(ANIME_IMPORT_FIELDS)  # noqa: S101 - import-time consistency check
assert set(_EPISODE_TYPES) == set(EPISODE_IMPORT_FIELDS)  # noqa: S101
assert set(_VIDEO_TYPES) == set(VIDEO_IMPORT_FIELDS)  # noqa: S101

ANIME_STATE = "id, slug, locked_fields, " + ", ".join(ANIME_IMPORT_FIELDS)
LOCK_ANIME = f"SELECT {ANIME_STATE} FROM anime WHERE source_name = $1 AND source_id = $2 FOR UPDATE"
FIND_ANIME = f"SELECT {ANIME_STATE} FROM anime WHERE source_name = $1 AND source_id = $2"
TAKEN_SLUGS = "SELECT slug FROM anime WHERE slug = ANY($1::text[])"
INSERT_ANIME = f"""
INSERT INTO anime (source_name, source_id, slug, title, alternative_titles, description, year, status, poster, genres)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT DO NOTHING
RETURNING {ANIME_STATE}
"""

EPISODE_STATE = "id, anime_id, source_episode_id, locked_fields, " + ", ".join(EPISODE_IMPORT_FIELDS)
EPISODES_OF = f"SELECT {EPISODE_STATE} FROM episodes WHERE anime_id = $1 AND source_episode_id = ANY($2::text[])"
INSERT_EPISODES = """
INSERT INTO episodes (anime_id, source_episode_id, number, season, title, is_active)
SELECT $1, item.* FROM unnest($2::text[], $3::integer[], $4::integer[], $5::text[], $6::boolean[])
    AS item(source_episode_id, number, season, title, is_active)
ON CONFLICT DO NOTHING
RETURNING source_episode_id, id
"""
FIND_EPISODES = f"""
SELECT {", ".join("e." + column.strip() for column in EPISODE_STATE.split(","))}, a.slug AS anime_slug
FROM episodes e JOIN anime a ON a.id = e.anime_id
WHERE a.source_name = $1 AND e.source_episode_id = $2 AND ($3::text IS NULL OR a.source_id = $3::text)
LIMIT 2
"""

VIDEO_STATE = "id, episode_id, url, source_name, locked_fields, " + ", ".join(VIDEO_IMPORT_FIELDS)
VIDEOS_OF = f"SELECT {VIDEO_STATE} FROM video_sources WHERE episode_id = ANY($1::uuid[])"
INSERT_VIDEOS = """
WITH inserted AS (
    INSERT INTO video_sources (episode_id, url, source_name, type, priority, translation_id, translation_title,
                               translation_type, quality)
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::text[], $7::text[],
                         $8::text[], $9::text[])
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*) FROM inserted
"""


def _bulk_update(table: str, types: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """``UPDATE`` many rows in one statement: per field an array of values and an array of "set" flags."""
    fields = tuple(types)
    arrays = ["$1::uuid[]"]
    names = ["id"]
    assignments = []
    for index, name in enumerate(fields):
        arrays.append(f"${2 + 2 * index}::{types[name]}[]")
        arrays.append(f"${3 + 2 * index}::boolean[]")
        names.extend([f"v_{name}", f"s_{name}"])
        assignments.append(f"{name} = CASE WHEN u.s_{name} THEN u.v_{name} ELSE t.{name} END")
    sql = (
        f"UPDATE {table} AS t SET {', '.join(assignments)}, updated_at = now() "
        f"FROM unnest({', '.join(arrays)}) AS u({', '.join(names)}) WHERE t.id = u.id"
    )
    return sql, fields


UPDATE_EPISODES, _EPISODE_FIELDS = _bulk_update("episodes", _EPISODE_TYPES)
UPDATE_VIDEOS, _VIDEO_FIELDS = _bulk_update("video_sources", _VIDEO_TYPES)


def _bulk_update_args(fields: Sequence[str], changes: Sequence[tuple[UUID, dict[str, Any]]]) -> list[Any]:
    args: list[Any] = [[row_id for row_id, _ in changes]]
    for name in fields:
        args.append([values.get(name) for _, values in changes])
        args.append([name in values for _, values in changes])
    return args


def _stored_anime(row: Any) -> StoredAnime:
    return StoredAnime(
        id=row["id"],
        slug=row["slug"],
        locked_fields=frozenset(row["locked_fields"]),
        values={name: row[name] for name in ANIME_IMPORT_FIELDS},
    )


def _stored_episode(row: Any) -> StoredEpisode:
    return StoredEpisode(
        id=row["id"],
        anime_id=row["anime_id"],
        source_episode_id=row["source_episode_id"],
        locked_fields=frozenset(row["locked_fields"]),
        values={name: row[name] for name in EPISODE_IMPORT_FIELDS},
    )


class AsyncpgCatalogWriter:
    def __init__(self, connection: Any) -> None:
        self._db = connection

    async def lock_anime(self, source_name: str, source_id: str) -> StoredAnime | None:
        row = await self._db.fetchrow(LOCK_ANIME, source_name, source_id)
        return _stored_anime(row) if row is not None else None

    async def find_anime(self, source_name: str, source_id: str) -> StoredAnime | None:
        row = await self._db.fetchrow(FIND_ANIME, source_name, source_id)
        return _stored_anime(row) if row is not None else None

    async def taken_slugs(self, candidates: Sequence[str]) -> set[str]:
        rows = await self._db.fetch(TAKEN_SLUGS, list(candidates))
        return {row["slug"] for row in rows}

    async def insert_anime(self, data: AnimeImport, slug: str) -> StoredAnime | None:
        values = data.values()
        row = await self._db.fetchrow(
            INSERT_ANIME,
            data.source_name,
            data.source_id,
            slug,
            values["title"],
            values["alternative_titles"],
            values["description"],
            values["year"],
            values["status"],
            values["poster"],
            values["genres"],
        )
        return _stored_anime(row) if row is not None else None

    async def update_anime(self, anime_id: UUID, changes: dict[str, Any]) -> None:
        names = [name for name in ANIME_IMPORT_FIELDS if name in changes]  # whitelisted identifiers only
        if not names:
            return
        assignments = ", ".join(f"{name} = ${index + 2}::{_ANIME_TYPES[name]}" for index, name in enumerate(names))
        sql = f"UPDATE anime SET {assignments}, updated_at = now() WHERE id = $1"
        await self._db.execute(sql, anime_id, *(changes[name] for name in names))

    async def episodes_of(self, anime_id: UUID, source_episode_ids: Sequence[str]) -> dict[str, StoredEpisode]:
        rows = await self._db.fetch(EPISODES_OF, anime_id, list(source_episode_ids))
        return {row["source_episode_id"]: _stored_episode(row) for row in rows}

    async def insert_episodes(self, anime_id: UUID, episodes: Sequence[EpisodeImport]) -> dict[str, UUID]:
        rows = await self._db.fetch(
            INSERT_EPISODES,
            anime_id,
            [episode.source_episode_id for episode in episodes],
            [episode.number for episode in episodes],
            [episode.season for episode in episodes],
            [episode.title for episode in episodes],
            [episode.is_available for episode in episodes],
        )
        return {row["source_episode_id"]: row["id"] for row in rows}

    async def update_episodes(self, changes: Sequence[tuple[UUID, dict[str, Any]]]) -> None:
        await self._db.execute(UPDATE_EPISODES, *_bulk_update_args(_EPISODE_FIELDS, changes))

    async def videos_of(self, episode_ids: Sequence[UUID]) -> dict[tuple[UUID, str, str], StoredVideo]:
        rows = await self._db.fetch(VIDEOS_OF, list(episode_ids))
        return {
            (row["episode_id"], row["url"], row["source_name"]): StoredVideo(
                id=row["id"],
                episode_id=row["episode_id"],
                url=row["url"],
                source_name=row["source_name"],
                locked_fields=frozenset(row["locked_fields"]),
                values={name: row[name] for name in VIDEO_IMPORT_FIELDS},
            )
            for row in rows
        }

    async def insert_videos(self, videos: Sequence[tuple[UUID, VideoImport]]) -> int:
        rows = [(episode_id, video, video.values()) for episode_id, video in videos]
        count: int = await self._db.fetchval(
            INSERT_VIDEOS,
            [episode_id for episode_id, _, _ in rows],
            [video.url for _, video, _ in rows],
            [video.source_name for _, video, _ in rows],
            *([values[name] for _, _, values in rows] for name in VIDEO_IMPORT_FIELDS),
        )
        return count

    async def update_videos(self, changes: Sequence[tuple[UUID, dict[str, Any]]]) -> None:
        await self._db.execute(UPDATE_VIDEOS, *_bulk_update_args(_VIDEO_FIELDS, changes))

    async def find_episodes(
        self, source_name: str, source_episode_id: str, anime_source_id: str | None
    ) -> list[tuple[StoredEpisode, str]]:
        rows = await self._db.fetch(FIND_EPISODES, source_name, source_episode_id, anime_source_id)
        return [(_stored_episode(row), row["anime_slug"]) for row in rows]
