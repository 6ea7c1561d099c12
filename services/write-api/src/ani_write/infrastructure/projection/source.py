# ruff: noqa: S608 - SQL here is composed only from module constants; values are always bind parameters.
"""Read models computed from PostgreSQL, a batch at a time: each method is one query whatever the batch size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

from ani_common.readmodels.shapes import (
    AnimeDetail,
    CatalogItem,
    Episode,
    HistoryLast,
    LibraryEntry,
    TitleEpisode,
    TitleLibrary,
    TitleModel,
    TitleProgress,
    VideoSource,
)
from ani_write.application.projection.ports import ModelSource, UserScope, UserTitle
from ani_write.infrastructure.db.connections import ConnectionSource

__all__ = ["PgModelSource", "PgModelStore"]

#: Advisory locks on the read-model keys, taken in one global order (by lock id) in one statement, so two
#: transactions never wait on each other in a cycle. The stamp is read after the aggregate has taken every lock.
LOCK_KEYS = """
WITH locked AS (
    SELECT count(pg_advisory_xact_lock(lock_id)) AS n
    FROM (SELECT DISTINCT hashtextextended(key, 0) AS lock_id FROM unnest($1::text[]) AS key ORDER BY 1) AS ids
)
SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS stamp FROM locked
"""
CURRENT_STAMP = "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint"
SLUGS_OF = "SELECT slug FROM anime WHERE id = ANY($1::uuid[])"
ACTIVE_ANIME = """
SELECT id, slug, title, description, year, status, poster, genres, alternative_titles, updated_at
FROM anime WHERE slug = ANY($1::text[]) AND is_active
"""
# Only active episodes and active sources; the order is GET /api/v1/anime/{slug}/episodes's.
EPISODES = """
SELECT e.anime_id, e.id AS episode_id, e.number, e.season, e.title, e.created_at AS episode_created_at,
       v.id AS video_id, v.type, v.url, v.source_name, v.priority,
       v.translation_id, v.translation_title, v.translation_type, v.quality
FROM episodes e
LEFT JOIN video_sources v ON v.episode_id = e.id AND v.is_active
WHERE e.anime_id = ANY($1::uuid[]) AND e.is_active
ORDER BY e.anime_id, e.season NULLS FIRST, e.number, e.id, v.priority DESC, v.id
"""
SCOPES = "unnest($1::bigint[], $2::text[]) AS s(user_id, provider)"
LIBRARIES = f"""
SELECT l.user_id, l.provider, l.title_id, l.status, l.is_favorite, l.score, l.episodes_watched, l.updated_at
FROM {SCOPES}
JOIN user_library_items l ON l.user_id = s.user_id AND l.provider = s.provider
ORDER BY l.user_id, l.provider, l.updated_at DESC, l.id DESC
"""
USER_TITLES = f"""
SELECT l.user_id, l.provider, l.title_id FROM {SCOPES}
JOIN user_library_items l ON l.user_id = s.user_id AND l.provider = s.provider
UNION
SELECT p.user_id, p.provider, p.title_id FROM {SCOPES}
JOIN user_progress p ON p.user_id = s.user_id AND p.provider = s.provider
"""
TITLES = "unnest($1::bigint[], $2::text[], $3::text[]) AS t(user_id, provider, title_id)"
# Per title: an index range of ix_user_progress_user_provider_title, whatever the viewer's other progress. The
# episode is the catalog's (any state) when the episode id is its UUID text; other ids never reach the cast.
TITLE_PROGRESS = f"""
SELECT t.user_id, t.provider, t.title_id, p.episode_id, p.position_seconds, p.duration_seconds, p.translation_id,
       p.watched_at, p.updated_at, e.number AS episode_number, e.season AS episode_season, e.id IS NOT NULL AS known
FROM {TITLES}
JOIN user_progress p ON p.user_id = t.user_id AND p.provider = t.provider AND p.title_id = t.title_id
LEFT JOIN episodes e ON e.id = (
    CASE WHEN p.episode_id ~* '^[0-9a-f]{{8}}-?[0-9a-f]{{4}}-?[0-9a-f]{{4}}-?[0-9a-f]{{4}}-?[0-9a-f]{{12}}$'
         THEN p.episode_id::uuid END
)
ORDER BY t.user_id, t.provider, t.title_id, p.updated_at DESC, p.id DESC
"""
TITLE_LIBRARY = f"""
SELECT t.user_id, t.provider, t.title_id, l.status, l.is_favorite, l.score, l.episodes_watched, l.updated_at
FROM {TITLES}
JOIN user_library_items l ON l.user_id = t.user_id AND l.provider = t.provider AND l.title_id = t.title_id
"""
HISTORY_LAST = f"""
SELECT s.user_id, s.provider, h.id, h.title_id, h.episode_id, h.position_seconds, h.watched_at
FROM {SCOPES}
CROSS JOIN LATERAL (
    SELECT id, title_id, episode_id, position_seconds, watched_at FROM user_history
    WHERE user_id = s.user_id AND provider = s.provider
    ORDER BY watched_at DESC, id DESC LIMIT 1
) AS h
"""
ACTIVE_SLUGS = "SELECT slug FROM anime WHERE is_active ORDER BY slug"
USER_SCOPES = """
SELECT user_id, provider FROM user_library_items WHERE $1::bigint IS NULL OR user_id = $1::bigint
UNION SELECT user_id, provider FROM user_progress WHERE $1::bigint IS NULL OR user_id = $1::bigint
UNION SELECT user_id, provider FROM user_history WHERE $1::bigint IS NULL OR user_id = $1::bigint
ORDER BY 1, 2
"""


def _scope_args(scopes: Collection[UserScope]) -> tuple[list[int], list[str]]:
    ordered = sorted(scopes)
    return [scope.user_id for scope in ordered], [scope.provider for scope in ordered]


def _uuid(value: Any) -> UUID:
    """asyncpg returns its own ``UUID`` subclass, which orjson (the read-model serialiser) does not accept."""
    return UUID(bytes=value.bytes)


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(value) if value else ()


class PgModelSource(ModelSource):
    """Model queries on one connection, inside the caller's transaction."""

    def __init__(self, connection: Any) -> None:
        self._db = connection

    async def lock(self, keys: Collection[str]) -> int:
        if not keys:
            return int(await self._db.fetchval(CURRENT_STAMP))
        return int(await self._db.fetchval(LOCK_KEYS, list(keys)))

    async def slugs_of(self, anime_ids: Collection[UUID]) -> set[str]:
        rows = await self._db.fetch(SLUGS_OF, list(anime_ids))
        return {row["slug"] for row in rows}

    async def user_titles(self, scopes: Collection[UserScope]) -> set[UserTitle]:
        rows = await self._db.fetch(USER_TITLES, *_scope_args(scopes))
        return {UserTitle(row["user_id"], row["provider"], row["title_id"]) for row in rows}

    async def active_anime(self, slugs: Collection[str]) -> dict[str, tuple[CatalogItem, AnimeDetail]]:
        anime_rows = await self._db.fetch(ACTIVE_ANIME, list(slugs))
        if not anime_rows:
            return {}
        episodes: dict[UUID, dict[UUID, tuple[Any, list[VideoSource]]]] = defaultdict(dict)
        for row in await self._db.fetch(EPISODES, [row["id"] for row in anime_rows]):
            of_anime = episodes[row["anime_id"]]
            entry = of_anime.get(row["episode_id"])
            if entry is None:
                entry = of_anime[row["episode_id"]] = (row, [])
            if row["video_id"] is not None:
                entry[1].append(
                    VideoSource(
                        id=_uuid(row["video_id"]),
                        type=row["type"],
                        url=row["url"],
                        source_name=row["source_name"],
                        priority=row["priority"],
                        translation_id=row["translation_id"],
                        translation_title=row["translation_title"],
                        translation_type=row["translation_type"],
                        quality=row["quality"],
                    )
                )
        found: dict[str, tuple[CatalogItem, AnimeDetail]] = {}
        for row in anime_rows:
            genres, alternative = _texts(row["genres"]), _texts(row["alternative_titles"])
            anime_id = _uuid(row["id"])
            of_anime = episodes.get(row["id"], {})
            created = [first["episode_created_at"] for first, _ in of_anime.values()]
            item = CatalogItem(
                id=anime_id,
                slug=row["slug"],
                title=row["title"],
                poster=row["poster"],
                year=row["year"],
                status=row["status"],
                genres=genres,
                alternative_titles=alternative,
                last_updated=row["updated_at"],
                episodes_total=len(of_anime),
                latest_episode_at=max(created, default=None),
            )
            detail = AnimeDetail(
                id=anime_id,
                slug=row["slug"],
                title=row["title"],
                description=row["description"],
                year=row["year"],
                status=row["status"],
                poster=row["poster"],
                genres=genres,
                alternative_titles=alternative,
                episodes=tuple(
                    Episode(
                        id=_uuid(first["episode_id"]),
                        number=first["number"],
                        season=first["season"],
                        title=first["title"],
                        video_sources=tuple(v),
                    )
                    for first, v in episodes.get(row["id"], {}).values()
                ),
                last_updated=row["updated_at"],
            )
            found[row["slug"]] = (item, detail)
        return found

    async def libraries(self, scopes: Collection[UserScope]) -> dict[UserScope, list[LibraryEntry]]:
        found: dict[UserScope, list[LibraryEntry]] = {scope: [] for scope in scopes}
        for row in await self._db.fetch(LIBRARIES, *_scope_args(scopes)):
            found[UserScope(row["user_id"], row["provider"])].append(
                LibraryEntry(
                    title_id=row["title_id"],
                    provider=row["provider"],
                    status=row["status"],
                    is_favorite=row["is_favorite"],
                    updated_at=row["updated_at"],
                    score=row["score"],
                    episodes_watched=row["episodes_watched"],
                )
            )
        return found

    async def titles(self, titles: Collection[UserTitle]) -> dict[UserTitle, TitleModel]:
        ordered = sorted(titles)
        args = (
            [title.user_id for title in ordered],
            [title.provider for title in ordered],
            [title.title_id for title in ordered],
        )
        progress: dict[UserTitle, list[TitleProgress]] = {title: [] for title in ordered}
        for row in await self._db.fetch(TITLE_PROGRESS, *args):
            progress[UserTitle(row["user_id"], row["provider"], row["title_id"])].append(
                TitleProgress(
                    episode_id=row["episode_id"],
                    title_id=row["title_id"],
                    provider=row["provider"],
                    position_seconds=row["position_seconds"],
                    duration_seconds=row["duration_seconds"],
                    translation_id=row["translation_id"],
                    watched=row["watched_at"] is not None,
                    updated_at=row["updated_at"],
                    episode=TitleEpisode(number=row["episode_number"], season=row["episode_season"])
                    if row["known"]
                    else None,
                )
            )
        library: dict[UserTitle, TitleLibrary] = {}
        for row in await self._db.fetch(TITLE_LIBRARY, *args):
            library[UserTitle(row["user_id"], row["provider"], row["title_id"])] = TitleLibrary(
                status=row["status"],
                is_favorite=row["is_favorite"],
                score=row["score"],
                episodes_watched=row["episodes_watched"],
                updated_at=row["updated_at"],
            )
        return {
            title: TitleModel(
                title_id=title.title_id,
                provider=title.provider,
                library=library.get(title),
                progress=tuple(progress[title]),
            )
            for title in ordered
        }

    async def history_last(self, scopes: Collection[UserScope]) -> dict[UserScope, HistoryLast | None]:
        found: dict[UserScope, HistoryLast | None] = dict.fromkeys(scopes)
        for row in await self._db.fetch(HISTORY_LAST, *_scope_args(scopes)):
            found[UserScope(row["user_id"], row["provider"])] = HistoryLast(
                history_id=row["id"],
                title_id=row["title_id"],
                episode_id=row["episode_id"],
                provider=row["provider"],
                position_seconds=row["position_seconds"],
                watched_at=row["watched_at"],
            )
        return found


class PgModelStore:
    """Rebuild access: enumerations, and short transactions of their own (locks are released at each commit)."""

    def __init__(self, source: ConnectionSource) -> None:
        self._source = source

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[ModelSource]:
        async with self._source.acquire() as connection, connection.transaction():
            yield PgModelSource(connection)

    async def active_slugs(self) -> list[str]:
        async with self._source.acquire() as connection:
            rows = await connection.fetch(ACTIVE_SLUGS)
        return [row["slug"] for row in rows]

    async def user_scopes(self, user_id: int | None = None) -> list[UserScope]:
        async with self._source.acquire() as connection:
            rows = await connection.fetch(USER_SCOPES, user_id)
        return [UserScope(row["user_id"], row["provider"]) for row in rows]
