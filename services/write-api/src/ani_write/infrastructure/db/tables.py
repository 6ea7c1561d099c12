"""Tables of the ``ani_write`` database, on a metadata with the shared constraint naming convention.

SQLAlchemy Core is used for the schema (Alembic autogenerate compares against it); the queries themselves are
prebuilt SQL strings run on asyncpg (see :mod:`ani_write.infrastructure.db.repositories`), because the progress write
is the hot path and statement building per request costs half the throughput (``docs/performance.md``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from ani_common.db import make_metadata

__all__ = [
    "anime",
    "audit_logs",
    "episodes",
    "metadata",
    "outbox",
    "rebuild_jobs",
    "user_history",
    "user_library_items",
    "user_progress",
    "video_sources",
]

metadata = make_metadata()

_NOW = text("now()")
_EMPTY_TEXT_ARRAY = text("'{}'::text[]")


def _timestamps() -> list[Column[object]]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=_NOW),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=_NOW),
    ]


def _admin_columns() -> list[Column[object]]:
    return [
        Column("is_active", Boolean, nullable=False, server_default=text("true")),
        # Set by any admin edit (shown in the admin API); imports respect ``locked_fields`` field by field.
        Column("admin_modified", Boolean, nullable=False, server_default=text("false")),
        Column("locked_fields", ARRAY(Text), nullable=False, server_default=_EMPTY_TEXT_ARRAY),
    ]


anime = Table(
    "anime",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")),
    Column("title", Text, nullable=False),
    Column("slug", Text, nullable=False),
    Column("description", Text),
    Column("year", Integer),
    Column("status", Text),
    Column("poster", Text),
    Column("source_name", Text, nullable=False),
    Column("source_id", Text, nullable=False),
    Column("genres", ARRAY(Text)),
    Column("alternative_titles", ARRAY(Text)),
    # Derived, maintained by PostgreSQL: the trigram-indexed search text and the lower-cased genres.
    Column(
        "search_text",
        Text,
        Computed("lower((title || ' '::text) || ani_text_array_join(alternative_titles))", persisted=True),
        nullable=False,
    ),
    Column("genres_lower", ARRAY(Text), Computed("ani_text_array_lower(genres)", persisted=True), nullable=False),
    *_admin_columns(),
    *_timestamps(),
    UniqueConstraint("source_name", "source_id"),
    UniqueConstraint("slug"),
    CheckConstraint("status IN ('ongoing', 'completed', 'upcoming')", name="status"),
    CheckConstraint("year BETWEEN 1900 AND 2100", name="year"),
    CheckConstraint("slug <> ''", name="slug_not_empty"),
    Index("ix_anime_active_title", "title", "id", postgresql_where=text("is_active")),
    Index("ix_anime_active_year", "year", "id", postgresql_where=text("is_active")),
    Index("ix_anime_active_updated_at", "updated_at", "id", postgresql_where=text("is_active")),
    Index(
        "ix_anime_search_text_trgm",
        "search_text",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    ),
    Index("ix_anime_genres_lower", "genres_lower", postgresql_using="gin"),
)

episodes = Table(
    "episodes",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")),
    Column("anime_id", UUID(as_uuid=True), ForeignKey("anime.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("season", Integer),
    Column("title", Text),
    Column("source_episode_id", Text, nullable=False),
    *_admin_columns(),
    *_timestamps(),
    UniqueConstraint("anime_id", "source_episode_id"),
    CheckConstraint("number >= 0", name="number"),
    CheckConstraint("season >= 0", name="season"),
    Index("ix_episodes_anime_id_number", "anime_id", "number"),
)

video_sources = Table(
    "video_sources",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")),
    Column("episode_id", UUID(as_uuid=True), ForeignKey("episodes.id", ondelete="CASCADE"), nullable=False),
    Column("type", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("source_name", Text, nullable=False),
    Column("priority", Integer, nullable=False, server_default=text("0")),
    Column("translation_id", Text),
    Column("translation_title", Text),
    Column("translation_type", Text),
    Column("quality", Text),
    *_admin_columns(),
    *_timestamps(),
    UniqueConstraint("episode_id", "url", "source_name"),
    CheckConstraint("type IN ('iframe', 'embed', 'm3u8', 'mp4')", name="type"),
    CheckConstraint("translation_type IN ('voice', 'subtitles')", name="translation_type"),
    Index("ix_video_sources_episode_id_priority", "episode_id", "priority"),
)

_FINITE_POSITION = "position_seconds >= 0 AND position_seconds < 'Infinity'::double precision"

user_library_items = Table(
    "user_library_items",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("user_id", BigInteger, nullable=False),
    Column("provider", Text, nullable=False),
    Column("title_id", Text, nullable=False),
    Column("status", Text, nullable=False, server_default=text("'watching'::text")),
    Column("is_favorite", Boolean, nullable=False, server_default=text("false")),
    Column("score", SmallInteger),
    Column("episodes_watched", Integer, nullable=False, server_default=text("0")),
    *_timestamps(),
    UniqueConstraint("user_id", "provider", "title_id"),
    CheckConstraint(
        "status IN ('watching', 'planned', 'completed', 'dropped', 'on_hold', 'rewatching')", name="status"
    ),
    CheckConstraint("score BETWEEN 0 AND 10", name="score"),
    CheckConstraint("episodes_watched >= 0", name="episodes_watched"),
    Index("ix_user_library_items_user_provider_updated", "user_id", "provider", "updated_at"),
)

user_progress = Table(
    "user_progress",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("user_id", BigInteger, nullable=False),
    Column("provider", Text, nullable=False),
    Column("title_id", Text, nullable=False),
    Column("episode_id", Text, nullable=False),
    Column("position_seconds", Float, nullable=False),
    Column("duration_seconds", Float, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=_NOW),
    # The translation the viewer chose last for this episode (null: never said); kept when a PUT omits it.
    Column("translation_id", String(64)),
    # When the near-end rule (``ani_write.domain.progress.is_watched``) first held; never cleared.
    Column("watched_at", DateTime(timezone=True)),
    UniqueConstraint("user_id", "provider", "episode_id"),
    CheckConstraint(_FINITE_POSITION, name="position"),
    CheckConstraint("duration_seconds >= 0 AND duration_seconds < 'Infinity'::double precision", name="duration"),
    Index("ix_user_progress_user_provider_updated", "user_id", "provider", "updated_at"),
    # The per-title read model: every progress row of one (user, provider, title), whatever the user's history.
    Index("ix_user_progress_user_provider_title", "user_id", "provider", "title_id", "updated_at"),
)

user_history = Table(
    "user_history",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("user_id", BigInteger, nullable=False),
    Column("provider", Text, nullable=False),
    Column("title_id", Text, nullable=False),
    Column("episode_id", Text, nullable=False),
    Column("position_seconds", Float),
    Column("watched_at", DateTime(timezone=True), nullable=False, server_default=_NOW),
    CheckConstraint(_FINITE_POSITION, name="position"),
    Index("ix_user_history_user_provider_watched", "user_id", "provider", "watched_at", "id"),
    # The progress PUT's "newest entry of this episode" lookup: a backward scan reads one entry, however long the
    # user's history and however many dead versions of the row wait for vacuum.
    Index("ix_user_history_episode_latest", "user_id", "provider", "episode_id", "watched_at", "id"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("topic", Text, nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=_NOW),
    Column("processed_at", DateTime(timezone=True)),
    # The projector claims ``WHERE processed_at IS NULL ORDER BY id LIMIT n FOR UPDATE SKIP LOCKED``: this index holds
    # only pending rows, so the claim stays cheap however many processed rows accumulate.
    Index("ix_outbox_pending", "id", postgresql_where=text("processed_at IS NULL")),
)


#: Read-model rebuilds requested by operators (the admin trigger, ``ani-write rebuild --async``). The request inserts a
#: ``pending`` row and a ``rebuild_requested`` outbox event in one transaction; the projector runs it and records
#: progress here, so the admin panel can follow it from start to finish.
rebuild_jobs = Table(
    "rebuild_jobs",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("scope", Text, nullable=False),
    Column("target", Text),
    Column("status", Text, nullable=False, server_default=text("'pending'")),
    Column("total", Integer),
    Column("done", Integer, nullable=False, server_default=text("0")),
    Column("error", Text),
    Column("requested_by", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=_NOW),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    CheckConstraint("scope IN ('all', 'anime', 'user')", name="scope"),
    CheckConstraint("status IN ('pending', 'running', 'succeeded', 'failed')", name="status"),
    CheckConstraint("done >= 0", name="done_non_negative"),
    CheckConstraint("(scope = 'all') = (target IS NULL)", name="target_matches_scope"),
    Index("ix_rebuild_jobs_created_at", "created_at"),
)


#: Admin changes, written in the transaction of the change itself. ``admin_id``/``admin_email`` come from the admin's
#: access token (admin accounts live in auth's database, hence no foreign key); ``changes`` holds real JSON values.
audit_logs = Table(
    "audit_logs",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("admin_id", Integer, nullable=False),
    Column("admin_email", Text),
    Column("action", Text, nullable=False),
    Column("resource_type", Text, nullable=False),
    Column("resource_id", Text, nullable=False),
    Column("changes", JSONB),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=_NOW),
    CheckConstraint("action IN ('create', 'update', 'attach', 'detach', 'delete', 'unlock', 'rebuild')", name="action"),
    CheckConstraint(
        "resource_type IN ('anime', 'episode', 'video_source', 'video_source_state', 'read_models')",
        name="resource_type",
    ),
    Index("ix_audit_logs_created_at", "created_at", "id"),
    Index("ix_audit_logs_resource", "resource_type", "resource_id", "created_at"),
    Index("ix_audit_logs_admin_id", "admin_id", "created_at"),
)
