from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from redis.asyncio import Redis

from ani_common.testing.keys import TestSigner
from ani_common.testing.plugin import AsgiClientFactory
from ani_read.bootstrap import Overrides
from ani_read.config import Settings
from ani_read.main import create_app


@pytest.fixture(scope="session")
def redis_db_base() -> int:
    return 9


@pytest.fixture(scope="session")
def signer() -> TestSigner:
    return TestSigner()


@pytest.fixture
def settings(redis_url: str) -> Settings:
    return Settings(env="test", redis_url=redis_url, access_log=False, _env_file=None)


@pytest_asyncio.fixture
async def client(
    settings: Settings, redis_client: Redis, signer: TestSigner, asgi_client: AsgiClientFactory
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, Overrides(redis=redis_client, keys=signer.key_source()))
    async with asgi_client(app) as http:
        yield http
