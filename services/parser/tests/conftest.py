from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import httpx
import pytest

from ani_parser.bootstrap import Container, Overrides, bootstrap
from ani_parser.config import Settings
from ani_parser.fakes import FakeProviders, RecordingBackend, create_fake_providers_app, create_recording_backend_app

KODIK_TOKEN = "kodik-secret-token-123"
INTERNAL_TOKEN = "internal-secret-token-456"
FAKE_URL = "https://fake.test"
BACKEND_URL = "http://write-api.test"


@pytest.fixture(scope="session")
def redis_db_base() -> int:
    return 12


@pytest.fixture
def fake() -> FakeProviders:
    return FakeProviders(public_url=FAKE_URL, kodik_token=KODIK_TOKEN)


@pytest.fixture
def backend() -> RecordingBackend:
    return RecordingBackend(tokens=(INTERNAL_TOKEN,))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        kodik_base_url=FAKE_URL,
        shikimori_base_url=FAKE_URL,
        backend_base_url=BACKEND_URL,
        kodik_api_token=KODIK_TOKEN,
        internal_token=INTERNAL_TOKEN,
        state_path=str(tmp_path / "state.json"),
        backoff_base_seconds=0.0,
        backoff_max_seconds=0.0,
        max_retries=3,
        concurrency=4,
    )


ContainerFactory = Callable[..., AbstractAsyncContextManager[Container]]


@pytest.fixture
def make_container(fake: FakeProviders, backend: RecordingBackend, settings: Settings) -> ContainerFactory:
    def factory(
        custom: Settings | None = None, *, state_path: str | None = None
    ) -> AbstractAsyncContextManager[Container]:
        providers = create_fake_providers_app(fake)
        overrides = Overrides(
            kodik_transport=httpx.ASGITransport(app=providers),
            shikimori_transport=httpx.ASGITransport(app=providers),
            backend_transport=httpx.ASGITransport(app=create_recording_backend_app(backend)),
            disable_rate_limits=True,
        )
        return bootstrap(custom or settings, overrides, state_path=state_path)

    return factory


@pytest.fixture
async def container(make_container: ContainerFactory) -> AsyncIterator[Container]:
    async with make_container() as built:
        yield built
