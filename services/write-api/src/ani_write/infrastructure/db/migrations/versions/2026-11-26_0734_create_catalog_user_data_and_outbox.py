"""create catalog, user data and outbox tables

The catalog search uses pg_trgm; two IMMUTABLE helper functions back the generated columns ``anime.search_text``
and ``anime.genres_lower`` (``array_to_string`` itself is only STABLE, so it cannot appear in a generated column).

Revision ID: 89bae6ced2f2
Revises: 
Create Date: 2026-11-26 07:34:01.181956
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '89bae6ced2f2'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


FUNCTIONS = (
    """
    CREATE FUNCTION ani_text_array_join(text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$
    """,
    """
    CREATE FUNCTION ani_text_array_lower(text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(array_agg(lower(item)), '{}'::text[]) FROM unnest($1) AS item $$
    """,
)


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for statement in FUNCTIONS:
        op.execute(statement)
    op.create_table('anime',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('slug', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('poster', sa.Text(), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=False),
    sa.Column('source_id', sa.Text(), nullable=False),
    sa.Column('genres', postgresql.ARRAY(sa.Text()), nullable=True),
    sa.Column('alternative_titles', postgresql.ARRAY(sa.Text()), nullable=True),
    sa.Column('search_text', sa.Text(), sa.Computed("lower((title || ' '::text) || ani_text_array_join(alternative_titles))", persisted=True), nullable=False),
    sa.Column('genres_lower', postgresql.ARRAY(sa.Text()), sa.Computed('ani_text_array_lower(genres)', persisted=True), nullable=False),
    sa.Column('is_active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('admin_modified', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('locked_fields', postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("slug <> ''", name=op.f('ck_anime_slug_not_empty')),
    sa.CheckConstraint("status IN ('ongoing', 'completed', 'upcoming')", name=op.f('ck_anime_status')),
    sa.CheckConstraint('year BETWEEN 1900 AND 2100', name=op.f('ck_anime_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_anime')),
    sa.UniqueConstraint('slug', name=op.f('uq_anime_slug')),
    sa.UniqueConstraint('source_name', 'source_id', name=op.f('uq_anime_source_name_source_id'))
    )
    op.create_index('ix_anime_active_title', 'anime', ['title', 'id'], unique=False, postgresql_where=sa.text('is_active'))
    op.create_index('ix_anime_active_updated_at', 'anime', ['updated_at', 'id'], unique=False, postgresql_where=sa.text('is_active'))
    op.create_index('ix_anime_active_year', 'anime', ['year', 'id'], unique=False, postgresql_where=sa.text('is_active'))
    op.create_index('ix_anime_genres_lower', 'anime', ['genres_lower'], unique=False, postgresql_using='gin')
    op.create_index('ix_anime_search_text_trgm', 'anime', ['search_text'], unique=False, postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    op.create_index('ix_outbox_pending', 'outbox', ['id'], unique=False, postgresql_where=sa.text('processed_at IS NULL'))
    op.create_table('user_history',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('provider', sa.Text(), nullable=False),
    sa.Column('title_id', sa.Text(), nullable=False),
    sa.Column('episode_id', sa.Text(), nullable=False),
    sa.Column('position_seconds', sa.Float(), nullable=True),
    sa.Column('watched_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("position_seconds >= 0 AND position_seconds < 'Infinity'::double precision", name=op.f('ck_user_history_position')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_history'))
    )
    op.create_index('ix_user_history_user_provider_episode', 'user_history', ['user_id', 'provider', 'episode_id', 'watched_at'], unique=False)
    op.create_index('ix_user_history_user_provider_watched', 'user_history', ['user_id', 'provider', 'watched_at', 'id'], unique=False)
    op.create_table('user_library_items',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('provider', sa.Text(), nullable=False),
    sa.Column('title_id', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), server_default=sa.text("'watching'::text"), nullable=False),
    sa.Column('is_favorite', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=True),
    sa.Column('episodes_watched', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('watching', 'planned', 'completed', 'dropped', 'on_hold', 'rewatching')", name=op.f('ck_user_library_items_status')),
    sa.CheckConstraint('episodes_watched >= 0', name=op.f('ck_user_library_items_episodes_watched')),
    sa.CheckConstraint('score BETWEEN 0 AND 10', name=op.f('ck_user_library_items_score')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_library_items')),
    sa.UniqueConstraint('user_id', 'provider', 'title_id', name=op.f('uq_user_library_items_user_id_provider_title_id'))
    )
    op.create_index('ix_user_library_items_user_provider_updated', 'user_library_items', ['user_id', 'provider', 'updated_at'], unique=False)
    op.create_table('user_progress',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('provider', sa.Text(), nullable=False),
    sa.Column('title_id', sa.Text(), nullable=False),
    sa.Column('episode_id', sa.Text(), nullable=False),
    sa.Column('position_seconds', sa.Float(), nullable=False),
    sa.Column('duration_seconds', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("duration_seconds >= 0 AND duration_seconds < 'Infinity'::double precision", name=op.f('ck_user_progress_duration')),
    sa.CheckConstraint("position_seconds >= 0 AND position_seconds < 'Infinity'::double precision", name=op.f('ck_user_progress_position')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_progress')),
    sa.UniqueConstraint('user_id', 'provider', 'episode_id', name=op.f('uq_user_progress_user_id_provider_episode_id'))
    )
    op.create_index('ix_user_progress_user_provider_updated', 'user_progress', ['user_id', 'provider', 'updated_at'], unique=False)
    op.create_table('episodes',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('anime_id', sa.UUID(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('season', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('source_episode_id', sa.Text(), nullable=False),
    sa.Column('is_active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('admin_modified', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('locked_fields', postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('number >= 0', name=op.f('ck_episodes_number')),
    sa.CheckConstraint('season >= 0', name=op.f('ck_episodes_season')),
    sa.ForeignKeyConstraint(['anime_id'], ['anime.id'], name=op.f('fk_episodes_anime_id_anime'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_episodes')),
    sa.UniqueConstraint('anime_id', 'source_episode_id', name=op.f('uq_episodes_anime_id_source_episode_id'))
    )
    op.create_index('ix_episodes_anime_id_number', 'episodes', ['anime_id', 'number'], unique=False)
    op.create_table('video_sources',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('episode_id', sa.UUID(), nullable=False),
    sa.Column('type', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('source_name', sa.Text(), nullable=False),
    sa.Column('priority', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('translation_id', sa.Text(), nullable=True),
    sa.Column('translation_title', sa.Text(), nullable=True),
    sa.Column('translation_type', sa.Text(), nullable=True),
    sa.Column('quality', sa.Text(), nullable=True),
    sa.Column('is_active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('admin_modified', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('locked_fields', postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("translation_type IN ('voice', 'subtitles')", name=op.f('ck_video_sources_translation_type')),
    sa.CheckConstraint("type IN ('iframe', 'embed', 'm3u8', 'mp4')", name=op.f('ck_video_sources_type')),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_video_sources_episode_id_episodes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_sources')),
    sa.UniqueConstraint('episode_id', 'url', 'source_name', name=op.f('uq_video_sources_episode_id_url_source_name'))
    )
    op.create_index('ix_video_sources_episode_id_priority', 'video_sources', ['episode_id', 'priority'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_video_sources_episode_id_priority', table_name='video_sources')
    op.drop_table('video_sources')
    op.drop_index('ix_episodes_anime_id_number', table_name='episodes')
    op.drop_table('episodes')
    op.drop_index('ix_user_progress_user_provider_updated', table_name='user_progress')
    op.drop_table('user_progress')
    op.drop_index('ix_user_library_items_user_provider_updated', table_name='user_library_items')
    op.drop_table('user_library_items')
    op.drop_index('ix_user_history_user_provider_watched', table_name='user_history')
    op.drop_index('ix_user_history_user_provider_episode', table_name='user_history')
    op.drop_table('user_history')
    op.drop_index('ix_outbox_pending', table_name='outbox', postgresql_where=sa.text('processed_at IS NULL'))
    op.drop_table('outbox')
    op.drop_index('ix_anime_search_text_trgm', table_name='anime', postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
    op.drop_index('ix_anime_genres_lower', table_name='anime', postgresql_using='gin')
    op.drop_index('ix_anime_active_year', table_name='anime', postgresql_where=sa.text('is_active'))
    op.drop_index('ix_anime_active_updated_at', table_name='anime', postgresql_where=sa.text('is_active'))
    op.drop_index('ix_anime_active_title', table_name='anime', postgresql_where=sa.text('is_active'))
    op.drop_table('anime')
    op.execute("DROP FUNCTION ani_text_array_lower(text[])")
    op.execute("DROP FUNCTION ani_text_array_join(text[])")
