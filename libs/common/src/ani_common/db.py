"""Async SQLAlchemy helpers and the Alembic glue every service shares.

* :data:`NAMING_CONVENTION` gives every constraint a predictable name, so a unit of work can map an
  ``IntegrityError`` to a domain error by constraint name, and autogenerate produces stable migrations.
* :func:`create_engine` / :func:`create_sessionmaker` build the async engine (asyncpg) and sessions
  (``expire_on_commit=False``: results are read after the unit of work commits).
* :func:`run_migrations` is the body of every service's ``migrations/env.py``.
* :func:`assert_database_at_head` refuses to start a production service whose database is not at head.
* :func:`assert_runtime_role` refuses to run a service as a privileged database role (a superuser, or the owner of its
  tables or database): services run as a DML-only role, migrations as the owner (docs/operations.md, "Database roles").
* :func:`assert_production_database` is both, what every production process (auth, write-api, the projector and the
  rebuild command) runs before it serves.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from ani_common.config import normalize_database_url

__all__ = [
    "NAMING_CONVENTION",
    "DatabaseNotAtHeadError",
    "PrivilegedDatabaseRoleError",
    "alembic_config",
    "assert_database_at_head",
    "assert_production_database",
    "assert_runtime_role",
    "create_engine",
    "create_sessionmaker",
    "make_metadata",
    "run_migrations",
]

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DatabaseNotAtHeadError(RuntimeError):
    pass


class PrivilegedDatabaseRoleError(RuntimeError):
    pass


def make_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10, echo: bool = False) -> AsyncEngine:
    return create_async_engine(
        normalize_database_url(url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=False,
        pool_recycle=1800,
        echo=echo,
    )


def create_sessionmaker(bind: Any) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(bind=bind, expire_on_commit=False, autoflush=False)


def alembic_config(ini_path: str | Path, database_url: str | None = None) -> Config:
    """An Alembic ``Config`` for a service's ``alembic.ini``; ``database_url`` overrides the configured one."""
    ini = Path(ini_path)
    config = Config(str(ini))
    location = config.get_main_option("script_location")
    if location and not Path(location).is_absolute():
        config.set_main_option("script_location", str((ini.parent / location).resolve()))
    if database_url is not None:
        config.attributes["database_url"] = normalize_database_url(database_url)
    return config


def _configured_url() -> str:
    url = context.config.attributes.get("database_url")
    if url:
        return str(url)
    import os

    env_url = os.environ.get("DATABASE_URL")
    if not env_url:
        raise RuntimeError("DATABASE_URL is not set (Alembic needs it)")
    return normalize_database_url(env_url)


def _do_run(connection: Connection, target_metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        compare_server_default=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(target_metadata: MetaData) -> None:
    engine = create_async_engine(_configured_url(), poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_do_run, target_metadata)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations(target_metadata: MetaData) -> None:
    """Body of ``env.py``. Offline mode (``--sql``) renders SQL; online mode runs on asyncpg."""
    if context.is_offline_mode():
        context.configure(url=_configured_url(), target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _do_run(connection, target_metadata)
        return
    asyncio.run(_run_async(target_metadata))


async def assert_database_at_head(engine: AsyncEngine, ini_path: str | Path) -> None:
    """Raise :class:`DatabaseNotAtHeadError` unless the database revision equals the migration head(s)."""
    script = ScriptDirectory.from_config(alembic_config(ini_path))
    heads = set(script.get_heads())

    def current(connection: Connection) -> set[str]:
        return set(MigrationContext.configure(connection).get_current_heads())

    async with engine.connect() as connection:
        revisions = await connection.run_sync(current)
    if revisions != heads:
        raise DatabaseNotAtHeadError(
            f"database revision {sorted(revisions) or 'none'} is not at head {sorted(heads)}; run the migrations"
        )


_ROLE_PRIVILEGES = """
SELECT current_user AS role,
       r.rolsuper AS superuser,
       r.rolcreaterole OR r.rolcreatedb OR r.rolbypassrls AS role_attributes,
       pg_has_role(current_user, d.datdba, 'USAGE') AS database_owner,
       EXISTS (
           SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = ANY (current_schemas(false)) AND c.relkind IN ('r', 'p', 'S')
             AND pg_has_role(current_user, c.relowner, 'USAGE')
       ) AS table_owner
FROM pg_roles r, pg_database d
WHERE r.rolname = current_user AND d.datname = current_database()
"""


async def assert_runtime_role(engine: AsyncEngine) -> None:
    """Raise :class:`PrivilegedDatabaseRoleError` when ``engine`` connects as a superuser, a role with CREATEROLE,
    CREATEDB or BYPASSRLS, or a role that owns (or inherits the owner of) the database or a table or sequence of its
    schema: such a role may rewrite the audit log and run DDL. The message names the role, never a password."""
    from sqlalchemy import text

    async with engine.connect() as connection:
        row = (await connection.execute(text(_ROLE_PRIVILEGES))).mappings().one()
    problems = [
        what
        for what, held in (
            ("is a superuser", row["superuser"]),
            ("has CREATEROLE, CREATEDB or BYPASSRLS", row["role_attributes"]),
            ("owns the database", row["database_owner"]),
            ("owns tables of the schema", row["table_owner"]),
        )
        if held
    ]
    if problems:
        raise PrivilegedDatabaseRoleError(
            f"the database role {row['role']!r} {', '.join(problems)}: run the service as its DML-only role "
            "(DATABASE_URL) and the migrations as the owner (MIGRATION_DATABASE_URL); see docs/operations.md"
        )


async def assert_production_database(engine: AsyncEngine, ini_path: str | Path) -> None:
    """What a production process checks before it serves: the schema is at the migration head and the service runs
    as its DML-only role (:func:`assert_database_at_head`, :func:`assert_runtime_role`)."""
    await assert_database_at_head(engine, ini_path)
    await assert_runtime_role(engine)
