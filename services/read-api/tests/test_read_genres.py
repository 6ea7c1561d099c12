"""GET /api/read/genres: the genre facet of the catalog (docs/contract.md F30) — counts, 404/503/304/HEAD, headers."""

from __future__ import annotations

import httpx
import orjson
import pytest
from redis.asyncio import Redis

from ani_common.readmodels import keys
from ani_common.readmodels.writer import ReadModelWriter
from ani_common.testing.plugin import AsgiClientFactory
from ani_read.api.schemas import GenreCountRead
from ani_read.bootstrap import Overrides
from ani_read.config import Settings
from ani_read.main import create_app
from tests.factories import catalog_item

PATH = "/api/read/genres"
PUBLIC = "public, max-age=10, stale-while-revalidate=30"


async def seed(writer: ReadModelWriter) -> None:
    await writer.put_catalog(
        [
            catalog_item("naruto", "Naruto", genres=("Экшен", "Комедия")),
            catalog_item("bleach", "Bleach", genres=("экшен", "Drama")),
            catalog_item("monster", "Monster", genres=("Drama", "Триллер")),
            catalog_item("mushishi", "Mushishi", genres=()),
        ]
    )


async def test_missing_catalog_is_the_catalog_404(client: httpx.AsyncClient) -> None:
    response = await client.get(PATH)
    catalog = await client.get("/api/read/anime")
    assert response.status_code == catalog.status_code == 404
    error, expected = response.json()["error"], catalog.json()["error"]
    assert (error["code"], error["message"]) == (expected["code"], expected["message"])
    assert error["message"] == "Catalog read model not available"
    assert error["trace_id"] == response.headers["x-trace-id"]


async def test_empty_catalog_is_an_empty_list(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_catalog([])
    response = await client.get(PATH)
    assert response.status_code == 200
    assert response.content == b"[]"


async def test_genres_with_counts_by_name(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await seed(writer)
    response = await client.get(PATH)
    assert response.status_code == 200
    assert response.json() == [
        {"name": "Drama", "count": 2},
        {"name": "Комедия", "count": 1},
        {"name": "Триллер", "count": 1},
        {"name": "Экшен", "count": 2},  # "Экшен" and "экшен": one genre, as the genre filter sees it
    ]
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == PUBLIC
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["vary"] == "Origin"
    assert response.headers["x-trace-id"]
    assert response.headers["etag"].startswith('"g')
    for entry in response.json():
        GenreCountRead.model_validate(entry)
        page = await client.get("/api/read/anime", params={"genre": entry["name"]})
        assert page.headers["x-total-count"] == str(entry["count"])


async def test_counts_follow_catalog_changes(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await seed(writer)
    await writer.upsert_catalog_item(catalog_item("frieren", "Frieren", genres=("Drama",)))
    await writer.upsert_catalog_item(catalog_item("naruto", "Naruto", genres=("Комедия",)))  # drops "Экшен"
    await writer.delete_anime("monster", stamp=1)
    await writer.remove_catalog_item("mushishi")
    response = await client.get(PATH)
    assert response.json() == [
        {"name": "Drama", "count": 2},
        {"name": "Комедия", "count": 1},
        {"name": "экшен", "count": 1},
    ]


async def test_etag_304_and_a_change(client: httpx.AsyncClient, writer: ReadModelWriter, redis_client: Redis) -> None:
    await seed(writer)
    first = await client.get(PATH)
    etag = first.headers["etag"]
    version = await redis_client.get(keys.CATALOG_VERSION)
    assert isinstance(version, bytes)
    assert etag == f'"g{version.decode()}"'
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        cached = await client.get(PATH, headers={"If-None-Match": header})
        assert cached.status_code == 304
        assert cached.content == b""
        assert cached.headers["etag"] == etag
        assert cached.headers["cache-control"] == PUBLIC
    await writer.upsert_catalog_item(catalog_item("frieren", "Frieren", genres=("Fantasy",)))
    changed = await client.get(PATH, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert {"name": "Fantasy", "count": 1} in changed.json()


async def test_head_has_headers_and_no_body(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await seed(writer)
    get = await client.get(PATH)
    head = await client.head(PATH)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["cache-control"] == PUBLIC
    cached = await client.head(PATH, headers={"If-None-Match": get.headers["etag"]})
    assert cached.status_code == 304
    missing = await client.head(PATH + "?x=1", headers={"If-None-Match": '"stale"'})
    assert missing.status_code == 200


async def test_head_of_a_missing_catalog_is_404(client: httpx.AsyncClient) -> None:
    response = await client.head(PATH)
    assert response.status_code == 404
    assert response.content == b""


async def test_redis_down_is_503(dead_client: httpx.AsyncClient) -> None:
    response = await dead_client.get(PATH)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"


async def test_corrupt_counts_are_500(client: httpx.AsyncClient, writer: ReadModelWriter, redis_client: Redis) -> None:
    await writer.put_catalog([])
    await redis_client.hset(keys.CATALOG_GENRES, "Drama", "x")
    response = await client.get(PATH)
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "INTERNAL_ERROR"


async def test_cors_and_trace_id(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_catalog([])
    response = await client.get(PATH, headers={"Origin": "http://localhost:3000", "X-Trace-ID": "genres-1"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "ETag" in response.headers["access-control-expose-headers"]
    assert response.headers["x-trace-id"] == "genres-1"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_other_methods_and_paths_go_to_fastapi(client: httpx.AsyncClient) -> None:
    assert (await client.post(PATH)).status_code == 405
    assert (await client.get(PATH + "/drama")).status_code == 404


async def test_fast_path_requests_are_counted(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_catalog([])
    await client.get(PATH)
    metrics = (await client.get("/metrics")).text
    assert 'ani_read_requests_total{route="/api/read/genres",status="200"}' in metrics


@pytest.mark.parametrize("page_cache_size", [0, 4096])
async def test_the_fastapi_route_answers_like_the_fast_path(
    settings: Settings,
    redis_client: Redis,
    writer: ReadModelWriter,
    asgi_client: AsgiClientFactory,
    page_cache_size: int,
) -> None:
    """The FastAPI route (documented in OpenAPI; reached only if the fast path lets a request through) and the fast
    path serve the same bytes and headers, with or without the in-process cache."""
    app = create_app(
        settings.model_copy(update={"catalog_page_cache_size": page_cache_size}), Overrides(redis=redis_client)
    )
    await seed(writer)
    async with asgi_client(app.app) as routed, asgi_client(app) as fast:
        via_route, via_fast = await routed.get(PATH), await fast.get(PATH)
        await writer.upsert_catalog_item(catalog_item("frieren", "Frieren", genres=("Drama",)))
        after = await routed.get(PATH, headers={"If-None-Match": via_route.headers["etag"]})
    assert via_route.status_code == via_fast.status_code == 200
    assert via_route.content == via_fast.content
    for header in ("etag", "cache-control", "content-type", "x-content-type-options"):
        assert via_route.headers[header] == via_fast.headers[header]
    assert after.status_code == 200
    assert orjson.loads(after.content)[0] == {"name": "Drama", "count": 3}
