# ruff: noqa: S608 - SQL here is composed only from module constants and whitelisted column names; values are
# always bind parameters.
"""asyncpg adapter of the admin port: prebuilt SQL on the unit of work's connection (it never commits).

Unique violations become :class:`CatalogConflictError` (the statement failed, so nothing was written and the unit of
work rolls back); row locks (``FOR UPDATE`` / ``FOR KEY SHARE``) make read-modify-write edits safe under concurrency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

import asyncpg
import orjson

from ani_write.application.admin.models import (
    ANIME_EDITABLE,
    EPISODE_EDITABLE,
    VIDEO_EDITABLE,
    AdminAnime,
    AdminAnimeListItem,
    AdminEpisode,
    AdminVideo,
    AnimeListFilter,
    AnimeRef,
    AuditEntry,
    AuditFilter,
    AuditLog,
    Dashboard,
    Page,
    RebuildJob,
    RecentAnime,
    RecentEpisode,
)
from ani_write.application.errors import CatalogConflictError
from ani_write.infrastructure.db.queries import like_pattern

__all__ = ["AsyncpgAdminRepository"]

_ANIME_TYPES = {
    "title": "text",
    "slug": "text",
    "description": "text",
    "year": "integer",
    "status": "text",
    "poster": "text",
    "genres": "text[]",
    "alternative_titles": "text[]",
    "is_active": "boolean",
}
_EPISODE_TYPES = {"anime_id": "uuid", "number": "integer", "season": "integer", "title": "text", "is_active": "boolean"}
_VIDEO_TYPES = {
    "type": "text",
    "url": "text",
    "source_name": "text",
    "priority": "integer",
    "translation_id": "text",
    "translation_title": "text",
    "translation_type": "text",
    "quality": "text",
    "is_active": "boolean",
}
assert set(ANIME_EDITABLE) <= set(_ANIME_TYPES)  # noqa: S101 - import-time consistency check
assert set(EPISODE_EDITABLE) <= set(_EPISODE_TYPES)  # noqa: S101
assert set(VIDEO_EDITABLE) <= set(_VIDEO_TYPES)  # noqa: S101

_CONFLICTS = {
    "uq_anime_slug": "Slug already in use",
    "uq_episodes_anime_id_source_episode_id": "An episode with this source_episode_id already exists for this anime",
    "uq_video_sources_episode_id_url_source_name": (
        "A video source with this url and source_name already exists for this episode"
    ),
}

_ADMIN_COLUMNS = "is_active, admin_modified, locked_fields, created_at, updated_at"
ANIME_COLUMNS = (
    "id, title, slug, description, year, status, poster, source_name, source_id, genres, alternative_titles, "
    + _ADMIN_COLUMNS
)
EPISODE_COLUMNS = "id, anime_id, number, season, title, source_episode_id, " + _ADMIN_COLUMNS
VIDEO_COLUMNS = (
    "id, episode_id, type, url, source_name, priority, translation_id, translation_title, translation_type, quality, "
    + _ADMIN_COLUMNS
)
AUDIT_COLUMNS = "id, admin_id, admin_email, action, resource_type, resource_id, changes::text AS changes, created_at"
JOB_COLUMNS = "id, scope, target, status, total, done, error, requested_by, created_at, started_at, finished_at"


def _prefixed(columns: str, alias: str) -> str:
    return ", ".join(f"{alias}.{column.strip()}" for column in columns.split(","))


DASHBOARD_COUNTS = """
SELECT (SELECT count(*) FROM anime) AS total_anime,
       (SELECT count(*) FROM anime WHERE is_active) AS active_anime,
       (SELECT count(*) FROM episodes) AS total_episodes,
       (SELECT count(*) FROM video_sources) AS total_video_sources,
       (SELECT count(*) FROM rebuild_jobs WHERE status IN ('pending', 'running')) AS pending_rebuild_jobs
"""
RECENT_ANIME = "SELECT id, title, created_at FROM anime ORDER BY created_at DESC, id DESC LIMIT $1"
RECENT_EPISODES = "SELECT id, anime_id, number, created_at FROM episodes ORDER BY created_at DESC, id DESC LIMIT $1"
RECENT_AUDIT = f"SELECT {AUDIT_COLUMNS} FROM audit_logs ORDER BY created_at DESC, id DESC LIMIT $1"

_ANIME_FILTER = """
WHERE ($1::text IS NULL OR title ILIKE $1::text OR slug ILIKE $1::text)
  AND ($2::boolean IS NULL OR is_active = $2::boolean)
  AND ($3::text IS NULL OR source_name = $3::text)
"""
COUNT_ANIME = f"SELECT count(*) FROM anime {_ANIME_FILTER}"
LIST_ANIME = f"""
SELECT id, title, slug, year, status, source_name, {_ADMIN_COLUMNS} FROM anime {_ANIME_FILTER}
ORDER BY updated_at DESC, id DESC LIMIT $4 OFFSET $5
"""
GET_ANIME = f"SELECT {ANIME_COLUMNS} FROM anime WHERE id = $1"
LOCK_ANIME = GET_ANIME + " FOR UPDATE"
ANIME_REF = "SELECT id, slug FROM anime WHERE id = $1 FOR KEY SHARE"
INSERT_ANIME = f"""
INSERT INTO anime (source_name, source_id, title, slug, description, year, status, poster, genres,
                   alternative_titles, is_active, admin_modified, locked_fields)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, true, $12)
ON CONFLICT DO NOTHING
RETURNING {ANIME_COLUMNS}
"""
DELETE_ANIME = "DELETE FROM anime WHERE id = $1 RETURNING id"

LIST_EPISODES = f"SELECT {EPISODE_COLUMNS} FROM episodes WHERE anime_id = $1 ORDER BY number, season NULLS FIRST, id"
GET_EPISODE = f"""
SELECT {_prefixed(EPISODE_COLUMNS, "e")}, a.slug AS anime_slug
FROM episodes e JOIN anime a ON a.id = e.anime_id WHERE e.id = $1
"""
LOCK_EPISODE = GET_EPISODE + " FOR UPDATE OF e"
INSERT_EPISODE = f"""
INSERT INTO episodes (anime_id, source_episode_id, number, season, title, is_active, admin_modified, locked_fields)
VALUES ($1, $2, $3, $4, $5, $6, true, $7)
RETURNING {EPISODE_COLUMNS}
"""
DELETE_EPISODE = "DELETE FROM episodes WHERE id = $1 RETURNING id"

LIST_VIDEOS = f"SELECT {VIDEO_COLUMNS} FROM video_sources WHERE episode_id = $1 ORDER BY priority DESC, created_at, id"
GET_VIDEO = f"""
SELECT {_prefixed(VIDEO_COLUMNS, "v")}, e.anime_id, a.slug AS anime_slug
FROM video_sources v JOIN episodes e ON e.id = v.episode_id JOIN anime a ON a.id = e.anime_id
WHERE v.id = $1
"""
LOCK_VIDEO = GET_VIDEO + " FOR UPDATE OF v"
INSERT_VIDEO = f"""
INSERT INTO video_sources (episode_id, type, url, source_name, priority, translation_id, translation_title,
                           translation_type, quality, is_active, admin_modified, locked_fields)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true, $11)
RETURNING {VIDEO_COLUMNS}
"""
DELETE_VIDEO = "DELETE FROM video_sources WHERE id = $1 RETURNING id"

INSERT_AUDIT = """
INSERT INTO audit_logs (admin_id, admin_email, action, resource_type, resource_id, changes)
VALUES ($1, $2, $3, $4, $5, $6::jsonb)
"""
_AUDIT_FILTER = """
WHERE ($1::integer IS NULL OR admin_id = $1::integer)
  AND ($2::text IS NULL OR resource_type = $2::text)
  AND ($3::text IS NULL OR resource_id = $3::text)
  AND ($4::text IS NULL OR action = $4::text)
  AND ($5::timestamptz IS NULL OR created_at >= $5::timestamptz)
  AND ($6::timestamptz IS NULL OR created_at < $6::timestamptz)
"""
COUNT_AUDIT = f"SELECT count(*) FROM audit_logs {_AUDIT_FILTER}"
LIST_AUDIT = (
    f"SELECT {AUDIT_COLUMNS} FROM audit_logs {_AUDIT_FILTER} ORDER BY created_at DESC, id DESC LIMIT $7 OFFSET $8"
)

INSERT_JOB = f"""
INSERT INTO rebuild_jobs (id, scope, target, requested_by) VALUES ($1, $2, $3, $4) RETURNING {JOB_COLUMNS}
"""
GET_JOB = f"SELECT {JOB_COLUMNS} FROM rebuild_jobs WHERE id = $1"

_DASHBOARD_RECENT = 5


def _update_sql(table: str, types: Mapping[str, str], names: Sequence[str], returning: str) -> str:
    """``UPDATE`` of the given (whitelisted) columns plus the lock set; ``$1`` id, ``$2`` locks, ``$3…`` values."""
    assignments = "".join(f"{name} = ${index + 3}::{types[name]}, " for index, name in enumerate(names))
    return (
        f"UPDATE {table} SET {assignments}locked_fields = $2::text[], admin_modified = true, updated_at = now() "
        f"WHERE id = $1 RETURNING {returning}"
    )


def _locks_sql(table: str, returning: str) -> str:
    return f"UPDATE {table} SET locked_fields = $2::text[], updated_at = now() WHERE id = $1 RETURNING {returning}"


def _whitelisted(changes: Mapping[str, Any], types: Mapping[str, str]) -> list[str]:
    unknown = set(changes) - set(types)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    return [name for name in types if name in changes]


def _anime(row: Any) -> AdminAnime:
    return AdminAnime(
        id=row["id"],
        title=row["title"],
        slug=row["slug"],
        description=row["description"],
        year=row["year"],
        status=row["status"],
        poster=row["poster"],
        source_name=row["source_name"],
        source_id=row["source_id"],
        genres=row["genres"],
        alternative_titles=row["alternative_titles"],
        is_active=row["is_active"],
        admin_modified=row["admin_modified"],
        locked_fields=list(row["locked_fields"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _episode(row: Any) -> AdminEpisode:
    return AdminEpisode(
        id=row["id"],
        anime_id=row["anime_id"],
        number=row["number"],
        season=row["season"],
        title=row["title"],
        source_episode_id=row["source_episode_id"],
        is_active=row["is_active"],
        admin_modified=row["admin_modified"],
        locked_fields=list(row["locked_fields"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _video(row: Any) -> AdminVideo:
    return AdminVideo(
        id=row["id"],
        episode_id=row["episode_id"],
        type=row["type"],
        url=row["url"],
        source_name=row["source_name"],
        priority=row["priority"],
        translation_id=row["translation_id"],
        translation_title=row["translation_title"],
        translation_type=row["translation_type"],
        quality=row["quality"],
        is_active=row["is_active"],
        admin_modified=row["admin_modified"],
        locked_fields=list(row["locked_fields"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _audit(row: Any) -> AuditLog:
    return AuditLog(
        id=row["id"],
        admin_id=row["admin_id"],
        admin_email=row["admin_email"],
        action=row["action"],
        resource_type=row["resource_type"],
        resource_id=row["resource_id"],
        changes=orjson.loads(row["changes"]) if row["changes"] is not None else None,
        created_at=row["created_at"],
    )


def _job(row: Any) -> RebuildJob:
    return RebuildJob(
        id=row["id"],
        scope=row["scope"],
        target=row["target"],
        status=row["status"],
        total=row["total"],
        done=row["done"],
        error=row["error"],
        requested_by=row["requested_by"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )


class AsyncpgAdminRepository:
    def __init__(self, connection: Any) -> None:
        self._db = connection

    async def _write(self, method: str, sql: str, *args: Any) -> Any:
        """Run a write; a unique violation becomes the contract's conflict (the statement wrote nothing)."""
        try:
            return await getattr(self._db, method)(sql, *args)
        except asyncpg.UniqueViolationError as exc:
            message = _CONFLICTS.get(exc.constraint_name or "", "The change conflicts with an existing record")
            raise CatalogConflictError(message) from None

    # ---------------------------------------------------------------- reads

    async def dashboard(self) -> Dashboard:
        counts = await self._db.fetchrow(DASHBOARD_COUNTS)
        anime = await self._db.fetch(RECENT_ANIME, _DASHBOARD_RECENT)
        episodes = await self._db.fetch(RECENT_EPISODES, _DASHBOARD_RECENT)
        audit = await self._db.fetch(RECENT_AUDIT, _DASHBOARD_RECENT)
        return Dashboard(
            total_anime=counts["total_anime"],
            active_anime=counts["active_anime"],
            inactive_anime=counts["total_anime"] - counts["active_anime"],
            total_episodes=counts["total_episodes"],
            total_video_sources=counts["total_video_sources"],
            recent_anime=[RecentAnime(row["id"], row["title"], row["created_at"]) for row in anime],
            recent_episodes=[
                RecentEpisode(row["id"], row["anime_id"], row["number"], row["created_at"]) for row in episodes
            ],
            recent_changes=[_audit(row) for row in audit],
            pending_rebuild_jobs=counts["pending_rebuild_jobs"],
        )

    async def list_anime(self, query: AnimeListFilter) -> Page[AdminAnimeListItem]:
        pattern = like_pattern(query.search) if query.search else None
        filters = (pattern, query.is_active, query.source_name)
        total: int = await self._db.fetchval(COUNT_ANIME, *filters)
        rows = await self._db.fetch(LIST_ANIME, *filters, query.per_page, (query.page - 1) * query.per_page)
        items = [
            AdminAnimeListItem(
                id=row["id"],
                title=row["title"],
                slug=row["slug"],
                year=row["year"],
                status=row["status"],
                source_name=row["source_name"],
                is_active=row["is_active"],
                admin_modified=row["admin_modified"],
                locked_fields=list(row["locked_fields"]),
                created_at=row["created_at"],
                updated_at=row["updated_at"],
            )
            for row in rows
        ]
        return Page(items=items, total=total, page=query.page, per_page=query.per_page)

    async def get_anime(self, anime_id: UUID, *, lock: bool = False) -> AdminAnime | None:
        row = await self._db.fetchrow(LOCK_ANIME if lock else GET_ANIME, anime_id)
        return _anime(row) if row is not None else None

    async def anime_ref(self, anime_id: UUID) -> AnimeRef | None:
        row = await self._db.fetchrow(ANIME_REF, anime_id)
        return AnimeRef(row["id"], row["slug"]) if row is not None else None

    async def list_episodes(self, anime_id: UUID) -> list[AdminEpisode]:
        return [_episode(row) for row in await self._db.fetch(LIST_EPISODES, anime_id)]

    async def get_episode(self, episode_id: UUID, *, lock: bool = False) -> tuple[AdminEpisode, AnimeRef] | None:
        row = await self._db.fetchrow(LOCK_EPISODE if lock else GET_EPISODE, episode_id)
        if row is None:
            return None
        return _episode(row), AnimeRef(row["anime_id"], row["anime_slug"])

    async def list_videos(self, episode_id: UUID) -> list[AdminVideo]:
        return [_video(row) for row in await self._db.fetch(LIST_VIDEOS, episode_id)]

    async def get_video(self, video_id: UUID, *, lock: bool = False) -> tuple[AdminVideo, AnimeRef] | None:
        row = await self._db.fetchrow(LOCK_VIDEO if lock else GET_VIDEO, video_id)
        if row is None:
            return None
        return _video(row), AnimeRef(row["anime_id"], row["anime_slug"])

    async def list_audit_logs(self, query: AuditFilter) -> Page[AuditLog]:
        filters = (query.admin_id, query.resource_type, query.resource_id, query.action, query.since, query.until)
        total: int = await self._db.fetchval(COUNT_AUDIT, *filters)
        rows = await self._db.fetch(LIST_AUDIT, *filters, query.per_page, (query.page - 1) * query.per_page)
        return Page(items=[_audit(row) for row in rows], total=total, page=query.page, per_page=query.per_page)

    async def get_rebuild_job(self, job_id: UUID) -> RebuildJob | None:
        row = await self._db.fetchrow(GET_JOB, job_id)
        return _job(row) if row is not None else None

    # ---------------------------------------------------------------- writes

    async def insert_anime(
        self, values: Mapping[str, Any], *, source_name: str, source_id: str, locked_fields: Sequence[str]
    ) -> AdminAnime | None:
        row = await self._db.fetchrow(
            INSERT_ANIME,
            source_name,
            source_id,
            values["title"],
            values["slug"],
            values.get("description"),
            values.get("year"),
            values.get("status"),
            values.get("poster"),
            values.get("genres"),
            values.get("alternative_titles"),
            values.get("is_active", True),
            list(locked_fields),
        )
        return _anime(row) if row is not None else None

    async def update_anime(
        self, anime_id: UUID, changes: Mapping[str, Any], locked_fields: Sequence[str]
    ) -> AdminAnime | None:
        names = _whitelisted(changes, _ANIME_TYPES)
        sql = _update_sql("anime", _ANIME_TYPES, names, ANIME_COLUMNS)
        row = await self._write("fetchrow", sql, anime_id, list(locked_fields), *(changes[name] for name in names))
        return _anime(row) if row is not None else None

    async def set_anime_locks(self, anime_id: UUID, locked_fields: Sequence[str]) -> AdminAnime | None:
        row = await self._db.fetchrow(_locks_sql("anime", ANIME_COLUMNS), anime_id, list(locked_fields))
        return _anime(row) if row is not None else None

    async def delete_anime(self, anime_id: UUID) -> bool:
        return await self._db.fetchval(DELETE_ANIME, anime_id) is not None

    async def insert_episode(
        self, anime_id: UUID, source_episode_id: str, values: Mapping[str, Any], locked_fields: Sequence[str]
    ) -> AdminEpisode:
        row = await self._write(
            "fetchrow",
            INSERT_EPISODE,
            anime_id,
            source_episode_id,
            values["number"],
            values.get("season"),
            values.get("title"),
            values.get("is_active", True),
            list(locked_fields),
        )
        return _episode(row)

    async def update_episode(
        self, episode_id: UUID, changes: Mapping[str, Any], locked_fields: Sequence[str]
    ) -> AdminEpisode | None:
        names = _whitelisted(changes, _EPISODE_TYPES)
        sql = _update_sql("episodes", _EPISODE_TYPES, names, EPISODE_COLUMNS)
        row = await self._write("fetchrow", sql, episode_id, list(locked_fields), *(changes[name] for name in names))
        return _episode(row) if row is not None else None

    async def set_episode_locks(self, episode_id: UUID, locked_fields: Sequence[str]) -> AdminEpisode | None:
        row = await self._db.fetchrow(_locks_sql("episodes", EPISODE_COLUMNS), episode_id, list(locked_fields))
        return _episode(row) if row is not None else None

    async def delete_episode(self, episode_id: UUID) -> bool:
        return await self._db.fetchval(DELETE_EPISODE, episode_id) is not None

    async def insert_video(
        self, episode_id: UUID, values: Mapping[str, Any], locked_fields: Sequence[str]
    ) -> AdminVideo:
        row = await self._write(
            "fetchrow",
            INSERT_VIDEO,
            episode_id,
            values["type"],
            values["url"],
            values["source_name"],
            values.get("priority", 0),
            values.get("translation_id"),
            values.get("translation_title"),
            values.get("translation_type"),
            values.get("quality"),
            values.get("is_active", True),
            list(locked_fields),
        )
        return _video(row)

    async def update_video(
        self, video_id: UUID, changes: Mapping[str, Any], locked_fields: Sequence[str]
    ) -> AdminVideo | None:
        names = _whitelisted(changes, _VIDEO_TYPES)
        sql = _update_sql("video_sources", _VIDEO_TYPES, names, VIDEO_COLUMNS)
        row = await self._write("fetchrow", sql, video_id, list(locked_fields), *(changes[name] for name in names))
        return _video(row) if row is not None else None

    async def set_video_locks(self, video_id: UUID, locked_fields: Sequence[str]) -> AdminVideo | None:
        row = await self._db.fetchrow(_locks_sql("video_sources", VIDEO_COLUMNS), video_id, list(locked_fields))
        return _video(row) if row is not None else None

    async def delete_video(self, video_id: UUID) -> bool:
        return await self._db.fetchval(DELETE_VIDEO, video_id) is not None

    async def add_audit(self, entry: AuditEntry) -> None:
        await self._db.execute(
            INSERT_AUDIT,
            entry.actor.id,
            entry.actor.email,
            entry.action,
            entry.resource_type,
            entry.resource_id,
            orjson.dumps(entry.changes).decode() if entry.changes is not None else None,
        )

    async def insert_rebuild_job(self, job_id: UUID, scope: str, target: str | None, requested_by: int) -> RebuildJob:
        return _job(await self._db.fetchrow(INSERT_JOB, job_id, scope, target, requested_by))
