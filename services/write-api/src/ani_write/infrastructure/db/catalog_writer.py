# ruff: noqa: S608 - SQL here is composed only from module constants and whitelisted column names; values are
# always bind parameters.
"""The asyncpg writer of the catalog import (``CatalogWriter`` port): source-key lookups with row locks, set-based
inserts (``unnest`` + ``ON CONFLICT DO NOTHING``) and one-statement bulk updates of the fields that changed.

It never commits: the unit of work owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from ani_write.application.models import StoredAnime, StoredEpisode, StoredVideo
from ani_write.domain.catalog import (
    ANIME_IMPORT_FIELDS,
    EPISODE_IMPORT_FIELDS,
    VIDEO_IMPORT_FIELDS,
    AnimeImport,
    EpisodeImport,
    VideoImport,
)

__all__ = ["AsyncpgCatalogWriter"]

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
