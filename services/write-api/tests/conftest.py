from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ani_common.testing.keys import TestSigner
from ani_common.testing.plugin import AsgiClientFactory
from ani_write.bootstrap import ALEMBIC_INI, Overrides
from ani_write.config import Settings
from ani_write.main import create_app

INTERNAL_TOKEN = "internal-token-for-tests-0123456789abcdef"


@pytest.fixture(scope="session")
def redis_db_base() -> int:
    return 6


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
        internal_token=INTERNAL_TOKEN,
        access_log=False,
        metrics_enabled=True,
        _env_file=None,
    )


@pytest_asyncio.fixture
async def client(
    settings: Settings,
    db_sessionmaker: async_sessionmaker[AsyncSession],
    redis_client: Redis,
    signer: TestSigner,
    asgi_client: AsgiClientFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, Overrides(sessionmaker=db_sessionmaker, redis=redis_client, keys=signer.key_source()))
    async with asgi_client(app) as http:
        yield http
