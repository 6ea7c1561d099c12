# ruff: noqa: S608 - SQL here is composed only from module constants and whitelisted column names; values are
# always bind parameters.
"""Read-side SQL for the public catalog and the caller's own data (asyncpg, no transaction needed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ani_write.application.models import (
    AnimeDetail,
    AnimeSummary,
    CatalogFilter,
    CatalogPage,
    EpisodeWithSources,
    HistoryAnime,
    HistoryEntry,
    HistoryEpisode,
    LibraryItem,
    ProgressEntry,
    VideoSourcePublic,
)
from ani_write.infrastructure.db.connections import ConnectionSource
from ani_write.infrastructure.db.records import load
from ani_write.infrastructure.db.repositories import (
    LIBRARY_COLUMNS,
    PROGRESS_COLUMNS,
    library_item,
    progress_entry,
)

__all__ = ["AsyncpgCatalogQueries", "AsyncpgUserDataQueries", "like_pattern"]

LIST_LIBRARY = f"""
SELECT {LIBRARY_COLUMNS} FROM user_library_items
WHERE user_id = $1 AND provider = $2 AND ($3::text IS NULL OR status = $3::text) AND (NOT $4::boolean OR is_favorite)
ORDER BY updated_at DESC, id DESC
"""
LIST_PROGRESS = f"""
SELECT {PROGRESS_COLUMNS} FROM user_progress
WHERE user_id = $1 AND provider = $2 AND ($3::text IS NULL OR title_id = $3::text)
ORDER BY updated_at DESC, id DESC
"""
# Read-time joins: the anime whose slug is the title id (active only) and the episode whose id is the episode id
# (only when it is UUID text: other ids never reach the cast).
LIST_HISTORY = """
SELECT h.id, h.user_id, h.provider, h.title_id, h.episode_id, h.position_seconds, h.watched_at,
       a.slug AS anime_slug, a.title AS anime_title, a.poster AS anime_poster,
       e.number AS episode_number, e.season AS episode_season, e.title AS episode_title, e.id IS NOT NULL AS has_episode
FROM (
    SELECT id, user_id, provider, title_id, episode_id, position_seconds, watched_at FROM user_history
    WHERE user_id = $1 AND provider = $2 AND ($3::timestamptz IS NULL OR watched_at < $3::timestamptz)
    ORDER BY watched_at DESC, id DESC
    LIMIT $4
) AS h
LEFT JOIN anime a ON a.slug = h.title_id AND a.is_active
LEFT JOIN episodes e ON e.id = (
    CASE WHEN h.episode_id ~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$'
         THEN h.episode_id::uuid END
)
ORDER BY h.watched_at DESC, h.id DESC
"""


class AsyncpgUserDataQueries:
    def __init__(self, source: ConnectionSource) -> None:
        self._source = source

    async def library(self, user_id: int, provider: str, status: str | None, favorites_only: bool) -> list[LibraryItem]:
        async with self._source.acquire() as db:
            rows = await db.fetch(LIST_LIBRARY, user_id, provider, status, favorites_only)
        return [library_item(row) for row in rows]

    async def progress(self, user_id: int, provider: str, title_id: str | None) -> list[ProgressEntry]:
        async with self._source.acquire() as db:
            rows = await db.fetch(LIST_PROGRESS, user_id, provider, title_id)
        return [progress_entry(row) for row in rows]

    async def history(self, user_id: int, provider: str, limit: int, before: datetime | None) -> list[HistoryEntry]:
        async with self._source.acquire() as db:
            rows = await db.fetch(LIST_HISTORY, user_id, provider, before, limit)
        return [
            load(
                HistoryEntry,
                row,
                anime=None
                if row["anime_slug"] is None
                else HistoryAnime(slug=row["anime_slug"], title=row["anime_title"], poster=row["anime_poster"]),
                episode=HistoryEpisode(
                    number=row["episode_number"], season=row["episode_season"], title=row["episode_title"]
                )
                if row["has_episode"]
                else None,
            )
            for row in rows
        ]


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE``, with the wildcard characters of ``text`` escaped (``\\`` is LIKE's escape)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# The same total orders as the read-api's catalog indexes (docs/services/read-api.md): byte-order titles, slug as
# the final tie-break, so both APIs page identically over the same data.
_SORTS = {
    "title": 'title COLLATE "C", slug',
    "-year": 'year DESC NULLS LAST, title COLLATE "C", slug',
    "-updated_at": 'updated_at DESC, title COLLATE "C", slug',
}
SUMMARY_COLUMNS = "id, title, slug, description, year, status, poster, genres, created_at"
DETAIL_COLUMNS = (
    "id, title, slug, description, year, status, poster, genres, alternative_titles, created_at, updated_at"
)
ANIME_BY_SLUG = f"SELECT {DETAIL_COLUMNS} FROM anime WHERE slug = $1 AND is_active"
EPISODES_BY_SLUG = """
SELECT e.id AS episode_id, e.number, e.season, e.title,
       v.id AS video_id, v.type, v.url, v.source_name, v.priority,
       v.translation_id, v.translation_title, v.translation_type, v.quality
FROM anime a
LEFT JOIN episodes e ON e.anime_id = a.id AND e.is_active
LEFT JOIN video_sources v ON v.episode_id = e.id AND v.is_active
WHERE a.slug = $1 AND a.is_active
ORDER BY e.season NULLS FIRST, e.number, e.id, v.priority DESC, v.id
"""


def _catalog_where(query: CatalogFilter) -> tuple[str, list[Any]]:
    conditions = ["is_active"]
    args: list[Any] = []
    if query.year:  # reference: year=0 means "no filter"
        args.append(query.year)
        conditions.append(f"year = ${len(args)}")
    if query.status is not None:
        args.append(query.status)
        conditions.append(f"status = ${len(args)}")
    if query.genre is not None:
        args.append(query.genre.lower())
        conditions.append(f"genres_lower @> ARRAY[${len(args)}::text]")
    if query.q is not None:
        args.append(like_pattern(query.q.lower()))
        conditions.append(f"search_text LIKE ${len(args)}")  # trigram GIN index
    return " AND ".join(conditions), args


class AsyncpgCatalogQueries:
    def __init__(self, source: ConnectionSource) -> None:
        self._source = source

    async def list_anime(self, query: CatalogFilter) -> CatalogPage:
        where, args = _catalog_where(query)
        order = _SORTS[query.sort]
        page_sql = (
            f"SELECT {SUMMARY_COLUMNS} FROM anime WHERE {where} ORDER BY {order} "
            f"LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}"
        )
        async with self._source.acquire() as db:
            rows = await db.fetch(page_sql, *args, query.limit, query.skip)
            if rows and len(rows) < query.limit:
                total = query.skip + len(rows)
            else:
                total = await db.fetchval(f"SELECT count(*) FROM anime WHERE {where}", *args)
        items = [load(AnimeSummary, row) for row in rows]
        return CatalogPage(items=items, total=int(total))

    async def anime_by_slug(self, slug: str) -> AnimeDetail | None:
        async with self._source.acquire() as db:
            row = await db.fetchrow(ANIME_BY_SLUG, slug)
        if row is None:
            return None
        return load(AnimeDetail, row)

    async def episodes_by_slug(self, slug: str) -> list[EpisodeWithSources] | None:
        async with self._source.acquire() as db:
            rows = await db.fetch(EPISODES_BY_SLUG, slug)
        if not rows:
            return None
        episodes: list[EpisodeWithSources] = []
        for row in rows:
            if row["episode_id"] is None:
                continue
            if not episodes or episodes[-1].id != row["episode_id"]:
                episodes.append(load(EpisodeWithSources, row, id=row["episode_id"], video_sources=[]))
            if row["video_id"] is not None:
                episodes[-1].video_sources.append(load(VideoSourcePublic, row, id=row["video_id"]))
        return episodes
