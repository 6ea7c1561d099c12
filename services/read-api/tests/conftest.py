from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from redis.asyncio import Redis

from ani_common.readmodels.writer import ReadModelWriter
from ani_common.testing.keys import TestSigner
from ani_common.testing.plugin import AsgiClientFactory
from ani_read.bootstrap import Overrides
from ani_read.config import Settings
from ani_read.main import create_app

#: Nothing listens here: the client's Redis is "down".
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"


@pytest.fixture(scope="session")
def redis_db_base() -> int:
    return 9


@pytest.fixture(scope="session")
def validate_response_schemas() -> bool:
    """Every 2xx JSON body ``asgi_client`` receives must match its route's OpenAPI schema (ani_common plugin)."""
    return True


@pytest.fixture(scope="session")
def signer() -> TestSigner:
    return TestSigner()


@pytest.fixture
def settings(redis_url: str) -> Settings:
    return Settings(env="test", redis_url=redis_url, access_log=False, _env_file=None)


@pytest.fixture
def writer(redis_client: Redis) -> ReadModelWriter:
    return ReadModelWriter(redis_client)


@pytest_asyncio.fixture
async def client(
    settings: Settings, redis_client: Redis, signer: TestSigner, asgi_client: AsgiClientFactory
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, Overrides(redis=redis_client, keys=signer.key_source()))
    async with asgi_client(app) as http:
        yield http


@pytest_asyncio.fixture
async def dead_client(signer: TestSigner, asgi_client: AsgiClientFactory) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(env="test", redis_url=DEAD_REDIS_URL, access_log=False, _env_file=None)
    app = create_app(settings, Overrides(keys=signer.key_source()))
    async with asgi_client(app) as http:
        yield http


@pytest.fixture
def user_headers(signer: TestSigner) -> dict[str, str]:
    return {"Authorization": f"Bearer {signer.token(1)}"}
