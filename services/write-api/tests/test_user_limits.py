"""Per-user caps and write rate limits (issue 15, hole 6): clear 422 / 429 answers, nothing written past them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest_asyncio
from redis.asyncio import Redis

from ani_common.testing.keys import TestSigner
from ani_common.testing.plugin import AsgiClientFactory
from ani_write.bootstrap import Overrides
from ani_write.config import Settings
from ani_write.domain.limits import MAX_LIBRARY_ITEMS, MAX_PROGRESS_ROWS
from ani_write.infrastructure.db.connections import SingleConnectionSource
from ani_write.main import create_app

Auth = Callable[..., dict[str, str]]


def progress(title: str = "naruto", position: float = 30) -> dict[str, Any]:
    return {"title_id": title, "position_seconds": position, "duration_seconds": 1400}


@pytest_asyncio.fixture
async def app_with(
    settings: Settings,
    connections: SingleConnectionSource,
    redis_client: Redis,
    signer: TestSigner,
    asgi_client: AsgiClientFactory,
) -> AsyncIterator[Callable[..., Any]]:
    """``app_with(**settings)``: a write-api client with some settings changed."""
    async with AsyncExitStack() as stack:

        async def make(**changes: Any) -> httpx.AsyncClient:
            app = create_app(
                settings.model_copy(update=changes),
                Overrides(connections=connections, redis=redis_client, keys=signer.key_source()),
            )
            client: httpx.AsyncClient = await stack.enter_async_context(asgi_client(app))
            return client

        yield make


def assert_limited(response: httpx.Response, limit: int) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"
    assert response.json()["error"]["message"] == f"{limit} per 1 minute"
    assert 0 < int(response.headers["retry-after"]) <= 60
    assert response.headers["ratelimit-remaining"] == "0"


def test_documented_defaults() -> None:
    settings = Settings(database_url="postgresql://x/y", redis_url="redis://x", internal_token="t" * 32, _env_file=None)
    assert (settings.user_max_library_items, settings.user_max_progress_rows) == (MAX_LIBRARY_ITEMS, MAX_PROGRESS_ROWS)
    assert (MAX_LIBRARY_ITEMS, MAX_PROGRESS_ROWS) == (5_000, 20_000)
    assert (settings.rate_limit_progress, settings.rate_limit_library) == (120, 60)


class TestWriteRateLimits:
    async def test_progress_puts_are_limited_per_user_on_the_fast_path(
        self, app_with: Callable[..., Any], auth: Auth, pg: Any
    ) -> None:
        client = await app_with(rate_limit_progress=3)
        for n in range(3):
            response = await client.put("/api/v1/me/progress/ep-1", json=progress(position=n), headers=auth(5))
            assert response.status_code == 200
        limited = await client.put("/api/v1/me/progress/ep-1", json=progress(position=99), headers=auth(5))
        assert_limited(limited, 3)
        assert await pg.fetchval("SELECT position_seconds FROM user_progress WHERE user_id = 5") == 2  # not written
        # another user has a bucket of their own
        assert (await client.put("/api/v1/me/progress/ep-1", json=progress(), headers=auth(6))).status_code == 200

    async def test_a_request_fastapi_answers_counts_once_too(self, app_with: Callable[..., Any], auth: Auth) -> None:
        client = await app_with(rate_limit_progress=2)
        headers = {**auth(7), "Origin": "http://localhost:3000"}
        statuses = []
        for _ in range(3):  # a duplicated provider parameter makes the fast path hand the request to FastAPI
            response = await client.put(
                "/api/v1/me/progress/ep-1?provider=rpc&provider=rpc", json=progress(), headers=headers
            )
            statuses.append(response.status_code)
        assert statuses[-1] == 429

    async def test_library_writes_are_limited_per_user(self, app_with: Callable[..., Any], auth: Auth) -> None:
        client = await app_with(rate_limit_library=2)
        assert (
            await client.put("/api/v1/me/library/a", json={"status": "planned"}, headers=auth(8))
        ).status_code == 200
        assert (await client.delete("/api/v1/me/library/a", headers=auth(8))).status_code == 200
        assert_limited(await client.put("/api/v1/me/library/b", json={}, headers=auth(8)), 2)
        assert_limited(await client.post("/api/v1/me/import-legacy", json={}, headers=auth(8)), 2)
        assert (await client.put("/api/v1/me/library/b", json={}, headers=auth(9))).status_code == 200

    async def test_no_limit_when_rate_limits_are_off(self, app_with: Callable[..., Any], auth: Auth) -> None:
        client = await app_with(rate_limit_progress=1, rate_limit_enabled=False)
        for _ in range(3):
            assert (await client.put("/api/v1/me/progress/ep-1", json=progress(), headers=auth(10))).status_code == 200


class TestUserCaps:
    async def test_progress_rows_are_capped_across_providers(
        self, app_with: Callable[..., Any], auth: Auth, pg: Any, outbox: Any
    ) -> None:
        client = await app_with(user_max_progress_rows=2)
        assert (await client.put("/api/v1/me/progress/ep-1", json=progress(), headers=auth(5))).status_code == 200
        other = await client.put("/api/v1/me/progress/ep-2?provider=other", json=progress(), headers=auth(5))
        assert other.status_code == 200
        refused = await client.put("/api/v1/me/progress/ep-3", json=progress("bleach"), headers=auth(5))
        assert refused.status_code == 422
        assert refused.json()["error"]["code"] == "VALIDATION_ERROR"
        assert refused.json()["error"]["message"] == "Limit reached: at most 2 progress entries per user"
        assert await pg.fetchval("SELECT count(*) FROM user_progress WHERE user_id = 5") == 2
        assert await pg.fetchval("SELECT count(*) FROM user_history WHERE episode_id = 'ep-3'") == 0
        assert await pg.fetchval("SELECT count(*) FROM user_library_items WHERE title_id = 'bleach'") == 0
        # an episode that already has a row is always updated; another user is not affected
        again = await client.put("/api/v1/me/progress/ep-1", json=progress(position=77), headers=auth(5))
        assert again.status_code == 200
        assert again.json()["position_seconds"] == 77
        assert (await client.put("/api/v1/me/progress/ep-3", json=progress(), headers=auth(6))).status_code == 200

    async def test_library_items_are_capped_and_progress_skips_the_library_row_past_the_cap(
        self, app_with: Callable[..., Any], auth: Auth, pg: Any
    ) -> None:
        client = await app_with(user_max_library_items=2)
        for title in ("a", "b"):
            assert (await client.put(f"/api/v1/me/library/{title}", json={}, headers=auth(5))).status_code == 200
        refused = await client.put("/api/v1/me/library/c", json={}, headers=auth(5))
        assert refused.status_code == 422
        assert refused.json()["error"]["message"] == "Limit reached: at most 2 library items per user"
        assert (
            await client.put("/api/v1/me/library/a", json={"is_favorite": True}, headers=auth(5))
        ).status_code == 200
        # progress is still saved for a new title, without a library row past the cap
        saved = await client.put("/api/v1/me/progress/ep-1", json=progress("c"), headers=auth(5))
        assert saved.status_code == 200
        assert await pg.fetchval("SELECT count(*) FROM user_library_items WHERE user_id = 5") == 2

    async def test_a_legacy_import_past_a_cap_is_refused_whole(
        self, app_with: Callable[..., Any], auth: Auth, pg: Any
    ) -> None:
        client = await app_with(user_max_progress_rows=2)
        items = [
            {"animeId": "x", "episodeNumber": n, "currentTime": 10, "duration": 100, "updatedAt": 1_700_000_000_000}
            for n in (1, 2, 3)
        ]
        response = await client.post("/api/v1/me/import-legacy", json={"progress": items}, headers=auth(5))
        assert response.status_code == 422
        assert response.json()["error"]["message"] == "Limit reached: at most 2 progress entries per user"
        assert await pg.fetchval("SELECT count(*) FROM user_progress WHERE user_id = 5") == 0
