"""rebuild jobs and outbox notifications

- ``rebuild_jobs``: read-model rebuilds requested by operators, with progress.
- A statement-level trigger on ``outbox`` issues ``NOTIFY ani_outbox`` so projectors wake as soon as a transaction
  that wrote events commits (notifications are delivered at commit), instead of polling tightly.

Revision ID: 5d1b7c2e9a40
Revises: 89bae6ced2f2
Create Date: 2026-11-26 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "5d1b7c2e9a40"
down_revision: str | None = "89bae6ced2f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


NOTIFY_FUNCTION = """
CREATE FUNCTION ani_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ani_outbox', '');
    RETURN NULL;
END
$$
"""
NOTIFY_TRIGGER = """
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
FOR EACH STATEMENT EXECUTE FUNCTION ani_outbox_notify()
"""


def upgrade() -> None:
    op.execute(NOTIFY_FUNCTION)
    op.execute(NOTIFY_TRIGGER)
    op.create_table(
        "rebuild_jobs",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("done", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("scope IN ('all', 'anime', 'user')", name=op.f("ck_rebuild_jobs_scope")),
        sa.CheckConstraint(
            "status IN ('pending', 'running', 'succeeded', 'failed')", name=op.f("ck_rebuild_jobs_status")
        ),
        sa.CheckConstraint("done >= 0", name=op.f("ck_rebuild_jobs_done_non_negative")),
        sa.CheckConstraint(
            "(scope = 'all') = (target IS NULL)", name=op.f("ck_rebuild_jobs_target_matches_scope")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rebuild_jobs")),
    )
    op.create_index("ix_rebuild_jobs_created_at", "rebuild_jobs", ["created_at"], unique=False)


def downgrade() -> None:
    op.execute("DROP TRIGGER outbox_notify ON outbox")
    op.execute("DROP FUNCTION ani_outbox_notify()")
    op.drop_index("ix_rebuild_jobs_created_at", table_name="rebuild_jobs")
    op.drop_table("rebuild_jobs")
