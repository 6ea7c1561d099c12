from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
import pytest
import pytest_asyncio
from redis.asyncio import Redis

from ani_common.testing.keys import TestSigner
from ani_common.testing.plugin import AsgiClientFactory
from ani_common.tokens import PrincipalKind
from ani_write.bootstrap import ALEMBIC_INI, Overrides
from ani_write.config import Settings
from ani_write.infrastructure.db.connections import PoolConnectionSource, SingleConnectionSource, asyncpg_dsn
from ani_write.infrastructure.db.unit_of_work import AsyncpgUnitOfWork
from ani_write.main import create_app

INTERNAL_TOKEN = "internal-token-for-tests-0123456789abcdef"
NEXT_INTERNAL_TOKEN = "next-internal-token-for-tests-fedcba9876543210"
INSECURE_HOST = "127.0.0.1"


@pytest.fixture(scope="session")
def redis_db_base() -> int:
    return 6


@pytest.fixture(scope="session")
def validate_response_schemas() -> bool:
    """Every 2xx JSON body ``asgi_client`` receives must match its route's OpenAPI schema (ani_common plugin)."""
    return True


@pytest.fixture(scope="session")
def alembic_ini() -> Path:
    return ALEMBIC_INI


@pytest.fixture(scope="session")
def database_prefix() -> str:
    return "ani_write"


@pytest.fixture(scope="session")
def signer() -> TestSigner:
    return TestSigner()


@pytest.fixture
def settings(database_url: str, redis_url: str) -> Settings:
    return Settings(
        env="test",
        database_url=database_url,
        redis_url=redis_url,
        internal_token=f"{INTERNAL_TOKEN},{NEXT_INTERNAL_TOKEN}",
        insecure_media_hosts=INSECURE_HOST,
        access_log=False,
        metrics_enabled=True,
        _env_file=None,
    )


@pytest_asyncio.fixture(scope="session")
async def pg_session_connection(database_url: str) -> AsyncIterator[Any]:
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        yield connection
    finally:
        await connection.close()


class GatedConnection:
    """A test's own statements on the shared test connection, through the same gate as the app's.

    The app under test shares that one connection (``SingleConnectionSource``) and also uses it from background
    work, e.g. the ``NOTIFY`` the outbox wake-up task sends after a commit, which may still be running when the
    response reaches the test. Going through the source's lock makes a test's statement wait for it instead of
    colliding with it (asyncpg: "another operation is in progress"). Only query methods are offered, so nothing in
    a test can reach the raw connection around the gate.
    """

    def __init__(self, source: SingleConnectionSource) -> None:
        self._source = source

    async def execute(self, query: str, *args: Any) -> Any:
        async with self._source.acquire() as connection:
            return await connection.execute(query, *args)

    async def fetch(self, query: str, *args: Any) -> Any:
        async with self._source.acquire() as connection:
            return await connection.fetch(query, *args)

    async def fetchrow(self, query: str, *args: Any) -> Any:
        async with self._source.acquire() as connection:
            return await connection.fetchrow(query, *args)

    async def fetchval(self, query: str, *args: Any) -> Any:
        async with self._source.acquire() as connection:
            return await connection.fetchval(query, *args)


@pytest_asyncio.fixture
async def connections(pg_session_connection: Any) -> AsyncIterator[SingleConnectionSource]:
    """The one gate to the shared test connection, inside a transaction rolled back after the test. The app's units
    of work nest savepoints in it; every other user (the app's background work, ``pg``) takes the same lock."""
    source = SingleConnectionSource(pg_session_connection)
    async with source.acquire() as connection:
        transaction = connection.transaction()
        await transaction.start()
    try:
        yield source
    finally:
        async with source.acquire():
            await transaction.rollback()


@pytest.fixture
def pg(connections: SingleConnectionSource) -> GatedConnection:
    """The test transaction's connection for the test's own statements (through the gate, see ``GatedConnection``)."""
    return GatedConnection(connections)


@pytest.fixture
def uow_factory(connections: SingleConnectionSource) -> Callable[[], AsyncpgUnitOfWork]:
    return lambda: AsyncpgUnitOfWork(connections)


@pytest_asyncio.fixture
async def client(
    settings: Settings,
    connections: SingleConnectionSource,
    redis_client: Redis,
    signer: TestSigner,
    asgi_client: AsgiClientFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, Overrides(connections=connections, redis=redis_client, keys=signer.key_source()))
    async with asgi_client(app) as http:
        yield http


@pytest.fixture
def auth(signer: TestSigner) -> Callable[..., dict[str, str]]:
    def headers(user_id: int = 1, kind: PrincipalKind = PrincipalKind.USER) -> dict[str, str]:
        return {"Authorization": f"Bearer {signer.token(user_id, kind)}"}

    return headers


@pytest.fixture
def internal() -> dict[str, str]:
    return {"X-Internal-Token": INTERNAL_TOKEN}


@pytest.fixture
def next_internal() -> dict[str, str]:
    """The second configured token (rotation)."""
    return {"X-Internal-Token": NEXT_INTERNAL_TOKEN}


OutboxReader = Callable[[], Awaitable[list[tuple[str, dict[str, Any]]]]]


@pytest.fixture
def outbox(pg: Any) -> OutboxReader:
    """Reads the outbox rows written so far (topic, payload), oldest first."""

    async def read() -> list[tuple[str, dict[str, Any]]]:
        rows = await pg.fetch("SELECT topic, payload::text AS payload FROM outbox ORDER BY id")
        return [(row["topic"], orjson.loads(row["payload"])) for row in rows]

    return read


# ------------------------------------------------------------------------------- a real pool (real commits)


@pytest_asyncio.fixture
async def pool(database_url: str) -> AsyncIterator[Any]:
    """A real pool (real commits); every table but Alembic's is emptied afterwards."""
    created = await asyncpg.create_pool(asyncpg_dsn(database_url), min_size=1, max_size=8)
    try:
        yield created
    finally:
        async with created.acquire() as connection:
            tables = await connection.fetch(
                "SELECT quote_ident(tablename) AS name FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
            # DELETE rather than TRUNCATE: these tables hold a few rows, and TRUNCATE's file work is the slow part.
            await connection.execute("; ".join(f"DELETE FROM {row['name']}" for row in tables))  # noqa: S608
        await created.close()


@pytest_asyncio.fixture
async def live(
    settings: Settings, pool: Any, redis_client: Redis, signer: TestSigner, asgi_client: AsgiClientFactory
) -> AsyncIterator[httpx.AsyncClient]:
    """write-api on the pool: every request commits for real."""
    app = create_app(
        settings, Overrides(connections=PoolConnectionSource(pool), redis=redis_client, keys=signer.key_source())
    )
    async with asgi_client(app) as http:
        yield http


# ------------------------------------------------------------------------------------------------ admin API

ADMIN_ID = 7
ADMIN_EMAIL = "admin@example.org"


@pytest.fixture
def admin_headers(signer: TestSigner) -> dict[str, str]:
    """An admin access token (``email`` claim as auth issues it)."""
    return {"Authorization": f"Bearer {signer.token(ADMIN_ID, PrincipalKind.ADMIN, email=ADMIN_EMAIL)}"}


@pytest.fixture
def user_headers(signer: TestSigner) -> dict[str, str]:
    return {"Authorization": f"Bearer {signer.token(ADMIN_ID, PrincipalKind.USER)}"}


ADMIN_SEED_SOURCE = "kodik-shikimori"


@pytest_asyncio.fixture
async def admin_catalog(client: httpx.AsyncClient, internal: dict[str, str], pg: Any) -> dict[str, Any]:
    """Two imported titles: ``naruto`` (episodes 1 and 2, a source on episode 1) and ``bleach`` (no episodes).
    Returns their ids; the outbox is emptied so tests see only the events of their own requests."""
    body = {
        "source_name": ADMIN_SEED_SOURCE,
        "titles": [
            {
                "source_id": "20",
                "title": "Naruto",
                "description": "A ninja.",
                "year": 2002,
                "status": "completed",
                "genres": ["Action"],
                "episodes": [
                    {
                        "source_episode_id": "20:1",
                        "number": 1,
                        "title": "Enter: Naruto Uzumaki!",
                        "videos": [
                            {
                                "type": "iframe",
                                "url": "https://kodik.info/seria/1/abc/720p",
                                "source_name": "kodik",
                                "priority": 100,
                            }
                        ],
                    },
                    {"source_episode_id": "20:2", "number": 2, "title": None},
                ],
            },
            {"source_id": "30", "title": "Bleach", "year": 2004, "status": "completed"},
        ],
    }
    response = await client.post("/api/v1/internal/import/titles", json=body, headers=internal)
    assert response.status_code == 200, response.text
    rows = await pg.fetch("SELECT id, slug FROM anime")
    anime = {row["slug"]: row["id"] for row in rows}
    episodes = {
        row["source_episode_id"]: row["id"] for row in await pg.fetch("SELECT id, source_episode_id FROM episodes")
    }
    video = await pg.fetchval("SELECT id FROM video_sources")
    await pg.execute("DELETE FROM outbox")
    return {
        "naruto": str(anime["naruto"]),
        "bleach": str(anime["bleach"]),
        "episode1": str(episodes["20:1"]),
        "episode2": str(episodes["20:2"]),
        "video": str(video),
    }


AuditReader = Callable[[], Awaitable[list[dict[str, Any]]]]


@pytest.fixture
def audit_rows(pg: Any) -> AuditReader:
    """The audit rows written so far, oldest first, ``changes`` decoded."""

    async def read() -> list[dict[str, Any]]:
        rows = await pg.fetch(
            "SELECT admin_id, admin_email, action, resource_type, resource_id, changes::text AS changes "
            "FROM audit_logs ORDER BY id"
        )
        return [
            {**dict(row), "changes": orjson.loads(row["changes"]) if row["changes"] is not None else None}
            for row in rows
        ]

    return read
