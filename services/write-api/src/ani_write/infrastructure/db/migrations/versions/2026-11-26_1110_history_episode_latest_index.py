"""history: an index that serves the progress PUT's newest-entry-of-the-episode lookup

``(user_id, provider, episode_id, watched_at)`` could not serve ``ORDER BY watched_at DESC, id DESC LIMIT 1``, so
the planner walked the user's whole history backwards through ``ix_user_history_user_provider_watched`` and
filtered on the episode — a cost that grows with the user's history and with every dead row version the progress
heartbeats leave until vacuum (the benchmark lost 30 % of its throughput in 40 s). With ``id`` appended the lookup
is one backward index step. Built ``CONCURRENTLY``: writes go on while it builds.

Revision ID: 9e2f4b7a1c85
Revises: 7c4e1a9b2d63
Create Date: 2026-11-26 11:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9e2f4b7a1c85"
down_revision: str | None = "7c4e1a9b2d63"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_user_history_episode_latest",
            "user_history",
            ["user_id", "provider", "episode_id", "watched_at", "id"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )
        op.drop_index(
            "ix_user_history_user_provider_episode",
            table_name="user_history",
            postgresql_concurrently=True,
            if_exists=True,
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_user_history_user_provider_episode",
            "user_history",
            ["user_id", "provider", "episode_id", "watched_at"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )
        op.drop_index(
            "ix_user_history_episode_latest",
            table_name="user_history",
            postgresql_concurrently=True,
            if_exists=True,
        )
