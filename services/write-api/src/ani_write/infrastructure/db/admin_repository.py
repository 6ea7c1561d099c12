# ruff: noqa: S608 - SQL here is composed only from module constants and whitelisted column names; values are
# always bind parameters.
"""asyncpg adapters of the admin ports: prebuilt SQL, table-driven for the three curated resources.

:class:`AsyncpgAdminRepository` runs on the unit of work's connection (it never commits): one generic implementation
of lock/insert/update/set-locks/delete, driven by a :class:`_Table` per resource (its table, columns and their SQL
types, identity columns, insert defaults, the joins to its anime, and whether an insert skips a taken key). Unique
violations become :class:`CatalogConflictError` (the statement failed, so the transaction is aborted and the unit of
work rolls it back); row locks (``FOR UPDATE`` / ``FOR KEY SHARE``) make read-modify-write edits safe under
concurrency. :class:`AsyncpgAdminQueries` serves the admin reads on a pooled connection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Generic, TypeVar, cast
from uuid import UUID

import asyncpg
import orjson

from ani_write.application.admin.models import (
    AdminAnime,
    AdminAnimeListItem,
    AdminEpisode,
    AdminVideo,
    AnimeEpisodes,
    AnimeListFilter,
    AnimeRef,
    AuditEntry,
    AuditFilter,
    AuditLog,
    ChangeSet,
    Dashboard,
    EpisodeVideos,
    Page,
    RebuildJob,
    RecentAnime,
    RecentEpisode,
)
from ani_write.application.admin.resources import ANIME, EPISODE, VIDEO_SOURCE, C, Resource, Row
from ani_write.application.errors import CatalogConflictError
from ani_write.infrastructure.db.connections import ConnectionSource
from ani_write.infrastructure.db.queries import like_pattern
from ani_write.infrastructure.db.records import load

__all__ = ["AsyncpgAdminQueries", "AsyncpgAdminRepository"]

T = TypeVar("T")

_CONFLICTS = {
    "uq_anime_slug": "Slug already in use",
    "uq_episodes_anime_id_source_episode_id": "An episode with this source_episode_id already exists for this anime",
    "uq_video_sources_episode_id_url_source_name": (
        "A video source with this url and source_name already exists for this episode"
    ),
}


def _columns(row_type: type[Any], alias: str = "") -> str:
    return ", ".join(f"{alias}{spec.name}" for spec in fields(row_type))


def _curated(row_type: type[T], record: Any) -> T:
    """A curated row (or list item): its columns are named like the fields."""
    return load(row_type, record, locked_fields=list(record["locked_fields"]))


@dataclass(frozen=True, slots=True)
class _Table(Generic[Row]):
    """How one curated resource is stored."""

    name: str
    row: type[Row]
    #: the change-set fields and their SQL types (the whitelist of assignable columns)
    types: Mapping[str, str]
    #: the columns an insert takes first (``Resource.identity``)
    identity: tuple[str, ...]
    #: the anime the row belongs to: joins from the row (alias ``t``) and the anime's id and slug expressions
    joins: str
    anime: tuple[str, str]
    #: insert values of unset fields other than null
    defaults: Mapping[str, object] = field(default_factory=lambda: {"is_active": True})
    #: an insert skips a taken key (``ON CONFLICT DO NOTHING``, no row) instead of raising the conflict
    skip_conflicts: bool = False

    @property
    def returning(self) -> str:
        return _columns(self.row)

    def select(self, *, lock: bool) -> str:
        anime_id, anime_slug = self.anime
        sql = (
            f"SELECT {_columns(self.row, 't.')}, {anime_id} AS ref_id, {anime_slug} AS ref_slug "
            f"FROM {' '.join(filter(None, (self.name, 't', self.joins)))} WHERE t.id = $1"
        )
        return sql + " FOR UPDATE OF t" if lock else sql

    def insert(self) -> str:
        names = [*self.identity, *(name for name in self.types if name not in self.identity)]
        values = ", ".join(f"${index + 1}" for index in range(len(names)))
        return (
            f"INSERT INTO {self.name} ({', '.join(names)}, admin_modified, locked_fields) "
            f"VALUES ({values}, true, ${len(names) + 1}) "
            f"{'ON CONFLICT DO NOTHING ' if self.skip_conflicts else ''}RETURNING {self.returning}"
        )

    def insert_values(self, values: ChangeSet) -> list[Any]:
        given = values.given()
        return [given.get(name, self.defaults.get(name)) for name in self.types if name not in self.identity]

    def update(self, names: Sequence[str]) -> str:
        """``UPDATE`` of the given (whitelisted) columns plus the lock set; ``$1`` id, ``$2`` locks, ``$3…`` values."""
        assignments = "".join(f"{name} = ${index + 3}::{self.types[name]}, " for index, name in enumerate(names))
        return (
            f"UPDATE {self.name} SET {assignments}locked_fields = $2::text[], admin_modified = true, "
            f"updated_at = now() WHERE id = $1 RETURNING {self.returning}"
        )

    def set_locks(self) -> str:
        return (
            f"UPDATE {self.name} SET locked_fields = $2::text[], updated_at = now() WHERE id = $1 "
            f"RETURNING {self.returning}"
        )

    def delete(self) -> str:
        return f"DELETE FROM {self.name} WHERE id = $1 RETURNING id"

    def found(self, record: Any) -> tuple[Row, AnimeRef] | None:
        return None if record is None else (_curated(self.row, record), AnimeRef(record["ref_id"], record["ref_slug"]))


_TABLES: dict[Resource[Any, Any], _Table[Any]] = {
    ANIME: _Table(
        "anime",
        AdminAnime,
        {
            "title": "text",
            "slug": "text",
            "description": "text",
            "year": "integer",
            "status": "text",
            "poster": "text",
            "genres": "text[]",
            "alternative_titles": "text[]",
            "is_active": "boolean",
        },
        identity=("source_name", "source_id"),
        joins="",
        anime=("t.id", "t.slug"),
        skip_conflicts=True,
    ),
    EPISODE: _Table(
        "episodes",
        AdminEpisode,
        {"anime_id": "uuid", "number": "integer", "season": "integer", "title": "text", "is_active": "boolean"},
        identity=("anime_id", "source_episode_id"),
        joins="JOIN anime a ON a.id = t.anime_id",
        anime=("t.anime_id", "a.slug"),
    ),
    VIDEO_SOURCE: _Table(
        "video_sources",
        AdminVideo,
        {
            "type": "text",
            "url": "text",
            "source_name": "text",
            "priority": "integer",
            "translation_id": "text",
            "translation_title": "text",
            "translation_type": "text",
            "quality": "text",
            "is_active": "boolean",
        },
        identity=("episode_id",),
        joins="JOIN episodes e ON e.id = t.episode_id JOIN anime a ON a.id = e.anime_id",
        anime=("e.anime_id", "a.slug"),
        defaults={"is_active": True, "priority": 0},
    ),
}
for _described, _stored in _TABLES.items():  # import-time consistency: the whitelist is exactly the change set
    assert set(_stored.types) == {spec.name for spec in fields(_described.changes)}, _stored.name  # noqa: S101
    assert set(_described.identity) == set(_stored.identity), _stored.name  # noqa: S101


def _table(resource: Resource[Row, C]) -> _Table[Row]:
    return cast("_Table[Row]", _TABLES[resource])


_LIST_ITEM_COLUMNS = _columns(AdminAnimeListItem)
AUDIT_COLUMNS = "id, admin_id, admin_email, action, resource_type, resource_id, changes::text AS changes, created_at"
JOB_COLUMNS = _columns(RebuildJob)

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
SELECT {_LIST_ITEM_COLUMNS} FROM anime {_ANIME_FILTER}
ORDER BY updated_at DESC, id DESC LIMIT $4 OFFSET $5
"""
ANIME_REF = "SELECT id, slug FROM anime WHERE id = $1 FOR KEY SHARE"
LIST_EPISODES = f"""
SELECT {_columns(AdminEpisode)} FROM episodes WHERE anime_id = $1 ORDER BY number, season NULLS FIRST, id
"""
LIST_VIDEOS = f"""
SELECT {_columns(AdminVideo)} FROM video_sources WHERE episode_id = $1 ORDER BY priority DESC, created_at, id
"""

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


def _audit(row: Any) -> AuditLog:
    return load(AuditLog, row, changes=orjson.loads(row["changes"]) if row["changes"] is not None else None)


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

    async def locked(self, resource: Resource[Row, C], row_id: UUID) -> tuple[Row, AnimeRef] | None:
        table = _table(resource)
        return table.found(await self._db.fetchrow(table.select(lock=True), row_id))

    async def anime_ref(self, anime_id: UUID) -> AnimeRef | None:
        row = await self._db.fetchrow(ANIME_REF, anime_id)
        return AnimeRef(row["id"], row["slug"]) if row is not None else None

    async def insert(
        self, resource: Resource[Row, C], identity: Sequence[object], values: C, locked_fields: Sequence[str]
    ) -> Row | None:
        table = _table(resource)
        args = [*identity, *table.insert_values(values), list(locked_fields)]
        row = await self._write("fetchrow", table.insert(), *args)
        return _curated(table.row, row) if row is not None else None

    async def update(
        self, resource: Resource[Row, C], row_id: UUID, changes: C, locked_fields: Sequence[str]
    ) -> Row | None:
        table = _table(resource)
        given = changes.given()
        names = [name for name in table.types if name in given]
        args = (row_id, list(locked_fields), *(given[name] for name in names))
        row = await self._write("fetchrow", table.update(names), *args)
        return _curated(table.row, row) if row is not None else None

    async def set_locks(self, resource: Resource[Row, C], row_id: UUID, locked_fields: Sequence[str]) -> Row | None:
        table = _table(resource)
        row = await self._db.fetchrow(table.set_locks(), row_id, list(locked_fields))
        return _curated(table.row, row) if row is not None else None

    async def delete(self, resource: Resource[Row, C], row_id: UUID) -> bool:
        return await self._db.fetchval(_table(resource).delete(), row_id) is not None

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
        return load(RebuildJob, await self._db.fetchrow(INSERT_JOB, job_id, scope, target, requested_by))


class AsyncpgAdminQueries:
    def __init__(self, source: ConnectionSource) -> None:
        self._source = source

    async def dashboard(self) -> Dashboard:
        async with self._source.acquire() as db:
            counts = await db.fetchrow(DASHBOARD_COUNTS)
            anime = await db.fetch(RECENT_ANIME, _DASHBOARD_RECENT)
            episodes = await db.fetch(RECENT_EPISODES, _DASHBOARD_RECENT)
            audit = await db.fetch(RECENT_AUDIT, _DASHBOARD_RECENT)
        return Dashboard(
            total_anime=counts["total_anime"],
            active_anime=counts["active_anime"],
            inactive_anime=counts["total_anime"] - counts["active_anime"],
            total_episodes=counts["total_episodes"],
            total_video_sources=counts["total_video_sources"],
            recent_anime=[load(RecentAnime, row) for row in anime],
            recent_episodes=[load(RecentEpisode, row) for row in episodes],
            recent_changes=[_audit(row) for row in audit],
            pending_rebuild_jobs=counts["pending_rebuild_jobs"],
        )

    async def list_anime(self, query: AnimeListFilter) -> Page[AdminAnimeListItem]:
        pattern = like_pattern(query.search) if query.search else None
        filters = (pattern, query.is_active, query.source_name)
        async with self._source.acquire() as db:
            total: int = await db.fetchval(COUNT_ANIME, *filters)
            rows = await db.fetch(LIST_ANIME, *filters, query.per_page, (query.page - 1) * query.per_page)
        items = [_curated(AdminAnimeListItem, row) for row in rows]
        return Page(items=items, total=total, page=query.page, per_page=query.per_page)

    async def anime(self, anime_id: UUID) -> AdminAnime | None:
        found = await self._with_children(ANIME, anime_id, None, AdminEpisode)
        return found[0] if found is not None else None

    async def episodes(self, anime_id: UUID) -> AnimeEpisodes | None:
        found = await self._with_children(ANIME, anime_id, LIST_EPISODES, AdminEpisode)
        return AnimeEpisodes(anime_title=found[0].title, items=found[1]) if found is not None else None

    async def videos(self, episode_id: UUID) -> EpisodeVideos | None:
        found = await self._with_children(EPISODE, episode_id, LIST_VIDEOS, AdminVideo)
        return EpisodeVideos(episode_number=found[0].number, items=found[1]) if found is not None else None

    async def _with_children(
        self, resource: Resource[Row, C], row_id: UUID, children_sql: str | None, child: type[T]
    ) -> tuple[Row, list[T]] | None:
        """The row (unlocked) and, with ``children_sql``, the rows under it; ``None`` when there is no such row."""
        table = _table(resource)
        async with self._source.acquire() as db:
            found = table.found(await db.fetchrow(table.select(lock=False), row_id))
            if found is None:
                return None
            rows = await db.fetch(children_sql, row_id) if children_sql is not None else []
        return found[0], [_curated(child, row) for row in rows]

    async def audit_logs(self, query: AuditFilter) -> Page[AuditLog]:
        filters = (query.admin_id, query.resource_type, query.resource_id, query.action, query.since, query.until)
        async with self._source.acquire() as db:
            total: int = await db.fetchval(COUNT_AUDIT, *filters)
            rows = await db.fetch(LIST_AUDIT, *filters, query.per_page, (query.page - 1) * query.per_page)
        return Page(items=[_audit(row) for row in rows], total=total, page=query.page, per_page=query.per_page)

    async def rebuild_job(self, job_id: UUID) -> RebuildJob | None:
        async with self._source.acquire() as db:
            row = await db.fetchrow(GET_JOB, job_id)
        return load(RebuildJob, row) if row is not None else None
