"""pytest plugin every service uses (``-p ani_common.testing.plugin`` in its pytest options).

Real infrastructure on loopback, no fakes of our own database or cache:

* **PostgreSQL**: one database per xdist worker (``<prefix>_test_<worker>``), created fresh at session start on the
  server of ``TEST_DATABASE_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``), migrated once to head
  with the service's Alembic config. The service's ``conftest.py`` provides the fixture ``alembic_ini`` (path of its
  ``alembic.ini``) and may override ``database_prefix``. ``ANI_TEST_DB_TAG`` (letters, digits, ``_``) is added to
  the prefix, so two checkouts can run the same suite side by side on one server (pair it with a ``TEST_REDIS_URL``
  of their own).

  - ``db_connection``: per test, a connection inside an outer transaction that is rolled back at the end.
    ``db_sessionmaker`` binds sessions to it with ``join_transaction_mode="create_savepoint"``, so a unit of work's
    ``commit()`` only releases a savepoint and the test still leaves nothing behind.
  - ``clean_engine``: for tests that need several real connections (concurrency): a real engine on the test
    database; every table is truncated after the test.
* **Redis**: one DB index per worker (1-15, starting at the ``redis_db_base`` fixture, on ``TEST_REDIS_URL``,
  default ``redis://127.0.0.1:6379``), flushed before each test: ``redis_url`` / ``redis_client``.
* ``asgi_client``: ``async with asgi_client(app) as client`` runs the app's lifespan and gives an
  ``httpx.AsyncClient`` on an ASGI transport. When the suite enables it (its conftest overrides the fixture
  ``validate_response_schemas`` to return ``True``), every 2xx JSON body the client receives is validated against
  the response schema its route declares in ``app.openapi()`` (:mod:`ani_common.testing.responses`); a mismatch
  fails the test. ``response_validator(app)`` gives the same hook for clients a test builds itself.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
import pytest_asyncio
from alembic import command
from asgi_lifespan import LifespanManager
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from ani_common.config import normalize_database_url
from ani_common.db import alembic_config
from ani_common.testing.responses import ResponseSchemaValidator

DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379"


def _worker_number(worker_id: str) -> int:
    return int(worker_id[2:]) if worker_id.startswith("gw") else 0


def _database_tag() -> str:
    tag = os.environ.get("ANI_TEST_DB_TAG", "")
    if tag and not tag.replace("_", "").isalnum():
        raise pytest.UsageError(f"ANI_TEST_DB_TAG must be letters, digits and '_', not {tag!r}")
    return tag


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def _asyncpg_dsn(url: str) -> str:
    return normalize_database_url(url).replace("postgresql+asyncpg://", "postgresql://", 1)


@pytest.fixture(scope="session")
def worker_id(request: pytest.FixtureRequest) -> str:
    """xdist's worker id (``gw0``…) or ``master`` without xdist."""
    workerinput = getattr(request.config, "workerinput", None)
    return str(workerinput["workerid"]) if workerinput else "master"


@pytest.fixture(scope="session")
def database_prefix() -> str:
    """Override in a service's conftest to name its test databases."""
    return "ani"


@pytest.fixture(scope="session")
def alembic_ini() -> Path:
    """A service that uses the database fixtures overrides this with the path of its ``alembic.ini``."""
    raise pytest.UsageError("override the `alembic_ini` fixture in the service's conftest.py")


async def recreate_database(admin_url: str, name: str) -> None:
    """A fresh UTF-8 database whatever the server's default locale (``lower()`` must fold Cyrillic)."""
    connection = await asyncpg.connect(_asyncpg_dsn(admin_url))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        )
    finally:
        await connection.close()


async def drop_database(admin_url: str, name: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(admin_url))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def test_database_admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_TEST_DATABASE_URL)


@pytest_asyncio.fixture(scope="session")
async def database_url(
    test_database_admin_url: str, database_prefix: str, worker_id: str, alembic_ini: Path
) -> AsyncIterator[str]:
    """A fresh, migrated database for this worker; dropped at the end of the session."""
    name = f"{database_prefix}{_database_tag()}_test_{worker_id}"
    await recreate_database(test_database_admin_url, name)
    url = normalize_database_url(_with_database(test_database_admin_url, name))
    config = alembic_config(alembic_ini, url)
    await asyncio.to_thread(command.upgrade, config, "head")
    yield url
    await drop_database(test_database_admin_url, name)


@pytest_asyncio.fixture(scope="session")
async def db_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(database_url, pool_size=5, max_overflow=5)
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture
async def db_connection(db_engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in an outer transaction that is rolled back after the test."""
    async with db_engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield connection
        finally:
            if transaction.is_active:
                await transaction.rollback()


@pytest.fixture
def db_sessionmaker(db_connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    """Sessions joined to the test transaction: their commits become savepoint releases."""
    return async_sessionmaker(
        bind=db_connection,
        expire_on_commit=False,
        autoflush=False,
        join_transaction_mode="create_savepoint",
    )


@pytest_asyncio.fixture
async def clean_engine(db_engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """The real engine for multi-connection tests; every table (but Alembic's) is truncated afterwards."""
    yield db_engine
    async with db_engine.begin() as connection:
        rows = await connection.execute(
            text(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        )
        tables = [row[0] for row in rows]
        if tables:
            await connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session")
def redis_db_base() -> int:
    """First Redis DB index of this test suite; services override it so suites can run side by side."""
    return 1


@pytest.fixture(scope="session")
def redis_url(worker_id: str, redis_db_base: int) -> str:
    base = os.environ.get("TEST_REDIS_URL", DEFAULT_TEST_REDIS_URL).rstrip("/")
    parts = urlsplit(base)
    index = 1 + (redis_db_base - 1 + _worker_number(worker_id)) % 15
    return urlunsplit((parts.scheme, parts.netloc, f"/{index}", parts.query, parts.fragment))


@pytest_asyncio.fixture
async def redis_client(redis_url: str) -> AsyncIterator[Redis]:
    """A client on this worker's DB index, flushed before the test."""
    client = Redis.from_url(redis_url)
    await client.flushdb()
    try:
        yield client
    finally:
        await client.aclose()


AsgiClientFactory = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture(scope="session")
def validate_response_schemas() -> bool:
    """Whether ``asgi_client`` validates 2xx JSON bodies against the app's OpenAPI document; services turn it on."""
    return False


def response_validator(app: Any) -> ResponseSchemaValidator:
    """The response hook for an ``httpx`` client on ``app``: ``event_hooks={"response": [response_validator(app)]}``."""
    return ResponseSchemaValidator(app)


@pytest.fixture
def asgi_client(validate_response_schemas: bool) -> AsgiClientFactory:
    @asynccontextmanager
    async def factory(
        app: Any, *, base_url: str = "http://testserver", **kwargs: Any
    ) -> AsyncIterator[httpx.AsyncClient]:
        if validate_response_schemas:
            hooks = dict(kwargs.pop("event_hooks", None) or {})
            hooks["response"] = [*hooks.get("response", []), response_validator(app)]
            kwargs["event_hooks"] = hooks
        async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30) as manager:
            transport = httpx.ASGITransport(app=manager.app, client=("127.0.0.1", 50000))
            async with httpx.AsyncClient(transport=transport, base_url=base_url, **kwargs) as client:
                yield client

    return factory
