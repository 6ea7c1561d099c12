from __future__ import annotations

import asyncio
from urllib.parse import urlsplit, urlunsplit

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from ani_auth.bootstrap import ALEMBIC_INI
from ani_auth.infrastructure.db.tables import metadata
from ani_common.config import normalize_database_url
from ani_common.db import alembic_config
from ani_common.testing.plugin import drop_database, recreate_database


async def test_stairway_down_and_up_again(test_database_admin_url: str, worker_id: str) -> None:
    name = f"ani_auth_stairway_{worker_id}"
    await recreate_database(test_database_admin_url, name)
    parts = urlsplit(test_database_admin_url)
    url = normalize_database_url(urlunsplit((parts.scheme, parts.netloc, "/" + name, "", "")))
    try:
        config = alembic_config(ALEMBIC_INI, url)
        await asyncio.to_thread(command.upgrade, config, "head")
        await asyncio.to_thread(command.downgrade, config, "base")
        await asyncio.to_thread(command.upgrade, config, "head")
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                tables = await connection.run_sync(lambda sync: sync.dialect.get_table_names(sync))
        finally:
            await engine.dispose()
        assert set(metadata.tables) <= set(tables)
    finally:
        await drop_database(test_database_admin_url, name)


async def test_migrations_match_the_tables(db_engine: AsyncEngine) -> None:
    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        return list(compare_metadata(context, metadata))

    async with db_engine.connect() as connection:
        assert await connection.run_sync(diff) == []
