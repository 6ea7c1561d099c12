"""progress: the viewer's translation and the watched mark, and an index per (user, provider, title)

``translation_id`` (≤ 64 characters, null = never said) and ``watched_at`` (set the first time the near-end rule
holds, never cleared) back the per-title read model; ``ix_user_progress_user_provider_title`` makes "every progress
row of one title of one viewer" an index range, whatever the viewer's total history. Built ``CONCURRENTLY``.

Revision ID: 4b8d2e6f0a13
Revises: 9e2f4b7a1c85
Create Date: 2026-11-27 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4b8d2e6f0a13"
down_revision: str | None = "9e2f4b7a1c85"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("user_progress", sa.Column("translation_id", sa.String(length=64), nullable=True))
    op.add_column("user_progress", sa.Column("watched_at", sa.DateTime(timezone=True), nullable=True))
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_user_progress_user_provider_title",
            "user_progress",
            ["user_id", "provider", "title_id", "updated_at"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index(
            "ix_user_progress_user_provider_title",
            table_name="user_progress",
            postgresql_concurrently=True,
            if_exists=True,
        )
    op.drop_column("user_progress", "watched_at")
    op.drop_column("user_progress", "translation_id")
