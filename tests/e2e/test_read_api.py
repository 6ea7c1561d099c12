"""read-api through the gateway, on read models written with the projector's own writer (`ReadModelWriter`).

These hold with or without the projector: the models are put in Redis the way the projector puts them, then read
like a browser reads them (ETag, 304, 404 for "never projected", user scoping). The projector's own path — writes
appearing in the read models — is in `test_read_path.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest_asyncio
from redis.asyncio import Redis

from ani_common.readmodels.shapes import AnimeDetail, Episode, HistoryLast, LibraryEntry, ProgressEntry, VideoSource
from ani_common.readmodels.writer import ReadModelWriter
from scripts.devstack.stack import Stack
from tests.e2e.helpers import NOT_FOUND_CODES, Account, assert_error, assert_security_headers, register


@pytest_asyncio.fixture
async def writer(stack: Stack) -> AsyncIterator[ReadModelWriter]:
    redis = Redis.from_url(stack.redis_url)
    try:
        yield ReadModelWriter(redis)
    finally:
        await redis.aclose()


def detail(slug: str) -> AnimeDetail:
    now = datetime.now(UTC)
    return AnimeDetail(
        id=uuid.uuid4(),
        slug=slug,
        title=f"Read {slug}",
        description=None,
        year=2020,
        status="completed",
        poster=None,
        genres=("Drama",),
        alternative_titles=(),
        episodes=(
            Episode(
                id=uuid.uuid4(),
                number=1,
                season=1,
                title="One",
                video_sources=(
                    VideoSource(
                        id=uuid.uuid4(), type="iframe", url="https://cdn.example/a", source_name="a", priority=1
                    ),
                    VideoSource(
                        id=uuid.uuid4(), type="iframe", url="https://cdn.example/b", source_name="b", priority=9
                    ),
                ),
            ),
        ),
        last_updated=now,
    )


async def user_id(gw: httpx.AsyncClient, account: Account) -> int:
    me = await gw.get("/api/v1/users/me", headers=account.headers)
    value: int = me.json()["id"]
    return value


async def test_anime_detail_with_etag_and_304(gw: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    slug = f"read-e2e-{uuid.uuid4().hex[:8]}"
    assert_error(await gw.get(f"/api/read/anime/{slug}"), 404, NOT_FOUND_CODES, "Anime not found in read model")

    await writer.put_anime_detail(detail(slug))
    response = await gw.get(f"/api/read/anime/{slug}")
    assert response.status_code == 200
    assert_security_headers(response)
    body = response.json()
    assert body["slug"] == slug
    assert [source["priority"] for source in body["episodes"][0]["video_sources"]] == [9, 1]
    assert body["episodes"][0]["season"] == 1
    etag = response.headers["etag"]
    assert response.headers["cache-control"]

    # Both read-api instances agree on the ETag (it is stored with the model), so 304 whichever answers.
    for _ in range(4):
        cached = await gw.get(f"/api/read/anime/{slug}", headers={"If-None-Match": etag})
        assert cached.status_code == 304
        assert cached.content == b""
        assert cached.headers["etag"] == etag

    await writer.put_anime_detail(detail(slug))  # a new version
    changed = await gw.get(f"/api/read/anime/{slug}", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


async def test_user_read_models_need_a_token_and_are_per_user(gw: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    for path in ("/api/read/me/library", "/api/read/me/progress", "/api/read/me/history/last"):
        assert_error(await gw.get(path), 401, "HTTP_ERROR", "Not authenticated")
        assert_error(await gw.get(path, headers={"Authorization": "Bearer nope"}), 401, "HTTP_ERROR")

    user = await register(gw)
    uid = await user_id(gw, user)
    # Never projected: 404 with the replaced system's messages.
    assert_error(
        await gw.get("/api/read/me/library", headers=user.headers),
        404,
        NOT_FOUND_CODES,
        "Library read model not available",
    )
    assert_error(
        await gw.get("/api/read/me/progress", headers=user.headers),
        404,
        NOT_FOUND_CODES,
        "Progress read model not available",
    )
    assert_error(
        await gw.get("/api/read/me/history/last", headers=user.headers),
        404,
        NOT_FOUND_CODES,
        "History read model not available",
    )

    now = datetime.now(UTC)
    await writer.put_library(uid, "rpc", [LibraryEntry("ataka-titanov", "rpc", "watching", True, now)])
    await writer.put_progress(uid, "rpc", [ProgressEntry("ep-1", "ataka-titanov", "rpc", 12.0, 1400.0, now)])
    await writer.put_history_last(uid, "rpc", None)
    await writer.put_history_last(uid, "kodik", HistoryLast(7, "ataka-titanov", "ep-1", "kodik", 12.0, now))

    library = await gw.get("/api/read/me/library", headers=user.headers)
    assert library.status_code == 200
    assert [(entry["title_id"], entry["is_favorite"]) for entry in library.json()] == [("ataka-titanov", True)]
    progress = (await gw.get("/api/read/me/progress", headers=user.headers)).json()
    assert progress[0]["position_seconds"] == 12.0
    no_history = await gw.get("/api/read/me/history/last", headers=user.headers)
    assert no_history.status_code == 200
    assert no_history.json() is None
    kodik = await gw.get("/api/read/me/history/last", params={"provider": "kodik"}, headers=user.headers)
    assert kodik.json()["history_id"] == 7
    assert_error(
        await gw.get("/api/read/me/library", params={"provider": "Not Valid"}, headers=user.headers),
        422,
        "VALIDATION_ERROR",
    )
    etag = library.headers["etag"]
    assert (await gw.get("/api/read/me/library", headers={**user.headers, "If-None-Match": etag})).status_code == 304

    stranger = await register(gw)
    assert_error(await gw.get("/api/read/me/library", headers=stranger.headers), 404, NOT_FOUND_CODES)


async def test_read_catalog_query_validation(gw: httpx.AsyncClient) -> None:
    assert_error(await gw.get("/api/read/anime", params={"status": "airing"}), 422, "VALIDATION_ERROR")
    assert_error(await gw.get("/api/read/anime", params={"limit": 0}), 422, "VALIDATION_ERROR")
    assert_error(await gw.get("/api/read/anime", params={"sort": "random"}), 422, "VALIDATION_ERROR")
