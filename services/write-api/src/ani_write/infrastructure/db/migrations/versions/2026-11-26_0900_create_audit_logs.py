"""create audit_logs

The admin audit log, written in the same transaction as the change it describes (docs/contract.md 25):
``changes`` is JSONB with real JSON values, and the admin is recorded by id and email (admin accounts live in auth's
database, so there is no foreign key).

Revision ID: 3f6a2d8c1b57
Revises: 5d1b7c2e9a40
Create Date: 2026-11-26 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "3f6a2d8c1b57"
down_revision: str | None = "5d1b7c2e9a40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_logs",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("admin_id", sa.Integer(), nullable=False),
        sa.Column("admin_email", sa.Text(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("resource_type", sa.Text(), nullable=False),
        sa.Column("resource_id", sa.Text(), nullable=False),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "action IN ('create', 'update', 'attach', 'detach', 'delete', 'unlock', 'rebuild')",
            name=op.f("ck_audit_logs_action"),
        ),
        sa.CheckConstraint(
            "resource_type IN ('anime', 'episode', 'video_source', 'video_source_state', 'read_models')",
            name=op.f("ck_audit_logs_resource_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_logs")),
    )
    op.create_index("ix_audit_logs_created_at", "audit_logs", ["created_at", "id"], unique=False)
    op.create_index(
        "ix_audit_logs_resource", "audit_logs", ["resource_type", "resource_id", "created_at"], unique=False
    )
    op.create_index("ix_audit_logs_admin_id", "audit_logs", ["admin_id", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_logs_admin_id", table_name="audit_logs")
    op.drop_index("ix_audit_logs_resource", table_name="audit_logs")
    op.drop_index("ix_audit_logs_created_at", table_name="audit_logs")
    op.drop_table("audit_logs")
