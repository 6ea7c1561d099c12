from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from ani_common.db import (
    DatabaseNotAtHeadError,
    PrivilegedDatabaseRoleError,
    assert_database_at_head,
    assert_production_database,
    make_metadata,
)
from ani_common.testing.plugin import drop_database, recreate_database


def test_constraint_names_follow_the_convention() -> None:
    metadata = make_metadata()
    parent = Table("parent", metadata, Column("id", Integer, primary_key=True))
    child = Table(
        "child",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("parent_id", ForeignKey("parent.id")),
        Column("code", String),
        UniqueConstraint("parent_id", "code"),
    )
    from sqlalchemy.schema import CreateTable

    ddl = str(CreateTable(child).compile())
    assert "CONSTRAINT pk_child PRIMARY KEY" in ddl
    assert "CONSTRAINT uq_child_parent_id_code UNIQUE" in ddl
    assert "CONSTRAINT fk_child_parent_id_parent FOREIGN KEY" in ddl
    assert parent.name == "parent"


@pytest.fixture
def migrations(tmp_path: Path) -> Path:
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (tmp_path / "migrations" / "env.py").write_text(
        "from ani_common.db import make_metadata, run_migrations\nrun_migrations(make_metadata())\n"
    )
    (versions / "0001_first.py").write_text(
        "revision = '0001'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n"
        "from alembic import op\nimport sqlalchemy as sa\n"
        "def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))\n"
        "def downgrade():\n    op.drop_table('t')\n"
    )
    ini = tmp_path / "alembic.ini"
    ini.write_text("[alembic]\nscript_location = migrations\npath_separator = os\n")
    return ini


async def test_assert_database_at_head(migrations: Path, test_database_admin_url: str, worker_id: str) -> None:
    import asyncio

    from alembic import command

    from ani_common.db import alembic_config
    from ani_common.testing.plugin import _with_database

    name = f"ani_common_test_head_{worker_id}"
    await recreate_database(test_database_admin_url, name)
    url = _with_database(test_database_admin_url, name).replace("postgresql://", "postgresql+asyncpg://", 1)
    engine: AsyncEngine = create_async_engine(url)
    try:
        with pytest.raises(DatabaseNotAtHeadError, match="not at head"):
            await assert_database_at_head(engine, migrations)
        await asyncio.to_thread(command.upgrade, alembic_config(migrations, url), "head")
        await assert_database_at_head(engine, migrations)
        # At head, but this suite connects as the server's superuser: a production process refuses that role.
        with pytest.raises(PrivilegedDatabaseRoleError, match="is a superuser"):
            await assert_production_database(engine, migrations)
    finally:
        await engine.dispose()
        await drop_database(test_database_admin_url, name)
