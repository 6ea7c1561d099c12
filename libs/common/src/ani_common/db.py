"""Async SQLAlchemy helpers and the Alembic glue every service shares.

* :data:`NAMING_CONVENTION` gives every constraint a predictable name, so a unit of work can map an
  ``IntegrityError`` to a domain error by constraint name, and autogenerate produces stable migrations.
* :func:`create_engine` / :func:`create_sessionmaker` build the async engine (asyncpg) and sessions
  (``expire_on_commit=False``: results are read after the unit of work commits).
* :func:`run_migrations` is the body of every service's ``migrations/env.py``.
* :func:`assert_database_at_head` refuses to start a production service whose database is not at head.
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
    "alembic_config",
    "assert_database_at_head",
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
