from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ani_auth.bootstrap import ALEMBIC_INI, Overrides
from ani_auth.config import Settings
from ani_auth.main import create_app
from ani_common.testing.plugin import AsgiClientFactory


@pytest.fixture(scope="session")
def redis_db_base() -> int:
    return 3


@pytest.fixture(scope="session")
def alembic_ini() -> Path:
    return ALEMBIC_INI


@pytest.fixture(scope="session")
def database_prefix() -> str:
    return "ani_auth"


@pytest.fixture
def settings(database_url: str, redis_url: str) -> Settings:
    return Settings(
        env="test",
        database_url=database_url,
        redis_url=redis_url,
        bcrypt_rounds=4,
        access_log=False,
        metrics_enabled=True,
        _env_file=None,
    )


@pytest_asyncio.fixture
async def client(
    settings: Settings,
    db_sessionmaker: async_sessionmaker[AsyncSession],
    redis_client: Redis,
    asgi_client: AsgiClientFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, Overrides(sessionmaker=db_sessionmaker, redis=redis_client))
    async with asgi_client(app) as http:
        yield http
