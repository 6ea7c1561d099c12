"""outbox wake-ups move from a trigger to the writers

Drops the statement-level ``NOTIFY ani_outbox`` trigger on ``outbox``. A transaction that notifies takes a
database-wide lock at commit and holds it while its commit record is flushed, so every write of the service
committed one at a time (the progress PUT plateaued there). Writers now send a coalesced ``NOTIFY`` after their
commits (``ani_write.infrastructure.db.wakeups``); projectors also poll. Downgrade restores the trigger.

Revision ID: 7c4e1a9b2d63
Revises: 3f6a2d8c1b57
Create Date: 2026-11-26 11:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7c4e1a9b2d63"
down_revision: str | None = "3f6a2d8c1b57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As created by revision 5d1b7c2e9a40 (migrations are frozen history: no imports from other revisions).
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
    op.execute("DROP TRIGGER outbox_notify ON outbox")
    op.execute("DROP FUNCTION ani_outbox_notify()")


def downgrade() -> None:
    op.execute(NOTIFY_FUNCTION)
    op.execute(NOTIFY_TRIGGER)
