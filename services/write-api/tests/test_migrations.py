"""Stairway (upgrade → downgrade → upgrade, one revision at a time) and "autogenerate finds no diff"."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import NullPool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from ani_common.db import alembic_config
from ani_common.testing.plugin import drop_database, recreate_database
from ani_write.infrastructure.db.tables import metadata


@pytest_asyncio.fixture
async def empty_database(test_database_admin_url: str, worker_id: str) -> AsyncIterator[str]:
    name = f"ani_write_stairway_{worker_id}"
    await recreate_database(test_database_admin_url, name)
    base = test_database_admin_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    await drop_database(test_database_admin_url, name)


async def test_stairway(empty_database: str, alembic_ini: Path) -> None:
    config = alembic_config(alembic_ini, empty_database)
    revisions = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
    assert revisions
    for revision in revisions:
        await asyncio.to_thread(command.upgrade, config, revision.revision)
        down = revision.down_revision
        await asyncio.to_thread(command.downgrade, config, down if isinstance(down, str) else "base")
        await asyncio.to_thread(command.upgrade, config, revision.revision)


async def test_models_match_migrations(database_url: str) -> None:
    def diff(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        return list(compare_metadata(context, metadata))

    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(diff) == []
    finally:
        await engine.dispose()
