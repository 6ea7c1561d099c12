from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from ani_auth.bootstrap import ALEMBIC_INI, Overrides
from ani_auth.config import Settings
from ani_auth.infrastructure.security.keys import KeyRing, generate_private_key_pem, load_keyring
from ani_auth.main import create_app
from ani_common.db import create_sessionmaker
from ani_common.testing.plugin import AsgiClientFactory
from tests.helpers import AdminFactory, SettingsFactory, UserFactory, make_admin_factory, make_user_factory


@pytest.fixture(scope="session")
def redis_db_base() -> int:
    return 3


@pytest.fixture(scope="session")
def validate_response_schemas() -> bool:
    """Every 2xx JSON body ``asgi_client`` receives must match its route's OpenAPI schema (ani_common plugin)."""
    return True


@pytest.fixture(scope="session")
def alembic_ini() -> Path:
    return ALEMBIC_INI


@pytest.fixture(scope="session")
def database_prefix() -> str:
    return "ani_auth"


@pytest.fixture(scope="session")
def signing_pem() -> bytes:
    return generate_private_key_pem()


@pytest.fixture(scope="session")
def keys(signing_pem: bytes) -> KeyRing:
    return load_keyring(signing_pem=signing_pem)


@pytest.fixture
def make_settings(database_url: str, redis_url: str) -> SettingsFactory:
    def factory(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "env": "test",
            "database_url": database_url,
            "redis_url": redis_url,
            "bcrypt_rounds": 4,
            "access_log": False,
            "metrics_enabled": True,
            "revocation_poll_seconds": 30.0,
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return factory


@pytest.fixture
def settings(make_settings: SettingsFactory) -> Settings:
    return make_settings()


@pytest.fixture
def app(
    settings: Settings,
    db_sessionmaker: async_sessionmaker[AsyncSession],
    redis_client: Redis,
    keys: KeyRing,
) -> FastAPI:
    return create_app(settings, Overrides(sessionmaker=db_sessionmaker, redis=redis_client, keys=keys))


@pytest_asyncio.fixture
async def client(app: FastAPI, asgi_client: AsgiClientFactory) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as http:
        yield http


@pytest.fixture
def real_sessionmaker(clean_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions on real connections (committed data; tables are truncated after the test)."""
    return create_sessionmaker(clean_engine)


@pytest_asyncio.fixture
async def real_client(
    settings: Settings,
    real_sessionmaker: async_sessionmaker[AsyncSession],
    redis_client: Redis,
    keys: KeyRing,
    asgi_client: AsgiClientFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, Overrides(sessionmaker=real_sessionmaker, redis=redis_client, keys=keys))
    async with asgi_client(app) as http:
        yield http


@pytest.fixture
def make_user(db_sessionmaker: async_sessionmaker[AsyncSession]) -> UserFactory:
    return make_user_factory(db_sessionmaker)


@pytest.fixture
def make_admin(db_sessionmaker: async_sessionmaker[AsyncSession]) -> AdminFactory:
    return make_admin_factory(db_sessionmaker)


@pytest.fixture
def sql(db_connection: AsyncConnection) -> AsyncConnection:
    """The test transaction's connection, for assertions on stored rows."""
    return db_connection
