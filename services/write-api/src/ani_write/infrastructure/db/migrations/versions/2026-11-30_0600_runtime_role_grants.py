"""runtime role: ani_write_app with DML only, the audit log append-only

Least privilege (docs/operations.md, "Database roles"): the migrations run as the owner of the schema (DDL); the
write-api, its projector and ``ani-write rebuild`` run as a login role that is a member of the NOLOGIN group role
``ani_write_app`` created here. The group gets SELECT/INSERT/UPDATE/DELETE on every table and USAGE/SELECT on every
sequence, now and (default privileges of the migrating role) for tables later migrations create; ``alembic_version``
is readable only (the production start-up check reads it); ``audit_logs`` gets INSERT and SELECT only, so the
service can neither rewrite nor erase the audit trail (no UPDATE, DELETE or TRUNCATE).

``CREATE ROLE`` is guarded (roles are cluster-wide: another database of the same cluster, e.g. a second deployment,
may have created it, even concurrently). The downgrade revokes what the upgrade granted and keeps the role (it may
have members and grants in other databases).

Revision ID: 6a1c3e5f7b92
Revises: 4b8d2e6f0a13
Create Date: 2026-11-30 06:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "6a1c3e5f7b92"
down_revision: str | None = "4b8d2e6f0a13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "ani_write_app"
#: Tables the runtime role may only append to (and read).
APPEND_ONLY = ("audit_logs",)


def upgrade() -> None:
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN
                BEGIN
                    CREATE ROLE {ROLE} NOLOGIN;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    NULL;  -- created meanwhile by the migration of another database of this cluster
                END;
            END IF;
        END
        $$
        """
    )
    op.execute(f"DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO {ROLE}', current_database()); END $$")
    # PostgreSQL < 15 lets every role create objects in `public`; the runtime role must not (a no-op on 15+).
    op.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
    op.execute(f"REVOKE ALL ON alembic_version FROM {ROLE}")
    op.execute(f"GRANT SELECT ON alembic_version TO {ROLE}")
    for table in APPEND_ONLY:
        op.execute(f"REVOKE ALL ON {table} FROM {ROLE}")
        op.execute(f"GRANT SELECT, INSERT ON {table} TO {ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {ROLE}")


def downgrade() -> None:
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {ROLE}")
    op.execute(f"DO $$ BEGIN EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM {ROLE}', current_database()); END $$")
