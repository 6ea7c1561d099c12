"""GET /api/read/anime and /api/read/anime/{slug}: stored bytes, 404/503/304, filters and paging."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest
from redis.asyncio import Redis

from ani_common.readmodels.shapes import dumps
from ani_common.readmodels.writer import ReadModelWriter
from ani_common.testing.keys import TestSigner
from ani_common.testing.plugin import AsgiClientFactory
from ani_read.bootstrap import Overrides
from ani_read.config import Settings
from ani_read.main import create_app
from tests.factories import T0, anime_detail, catalog_item


def slugs(response: httpx.Response) -> list[str]:
    return [item["slug"] for item in response.json()]


async def seed_catalog(writer: ReadModelWriter) -> None:
    await writer.put_catalog(
        [
            catalog_item("naruto", "Naruto", year=2002, genres=("Action", "Comedy"), alternative_titles=("Наруто",)),
            catalog_item("bleach", "Bleach", year=2004, status="completed"),
            catalog_item("monster", "Monster", year=2004, genres=("Drama",), status="completed"),
            catalog_item("frieren", "Frieren", year=2023, genres=("Fantasy",), status="upcoming"),
            catalog_item("mushishi", "Mushishi", year=None, genres=(), status=None),
        ]
    )


async def test_catalog_missing_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/read/anime")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["message"] == "Catalog read model not available"
    assert error["trace_id"] == response.headers["x-trace-id"]


async def test_catalog_empty_is_200(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_catalog([])
    response = await client.get("/api/read/anime")
    assert response.status_code == 200
    assert response.json() == []
    assert response.headers["x-total-count"] == "0"


async def test_catalog_page_is_the_stored_items(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    item = catalog_item("naruto", "Naruto")
    await writer.put_catalog([item])
    response = await client.get("/api/read/anime")
    assert response.status_code == 200
    assert response.content == b"[" + dumps(item) + b"]"
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"].startswith("public, max-age=")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.json()[0]["id"] == str(item.id)
    assert response.json()[0]["last_updated"] == T0.isoformat()


@pytest.mark.parametrize(
    ("query", "expected", "total"),
    [
        ("", ["bleach", "frieren", "monster", "mushishi", "naruto"], 5),
        ("skip=1&limit=2", ["frieren", "monster"], 5),
        ("skip=50", [], 5),
        ("sort=-year", ["frieren", "bleach", "monster", "naruto", "mushishi"], 5),
        ("status=completed", ["bleach", "monster"], 2),
        ("year=2004", ["bleach", "monster"], 2),
        ("year=0", ["bleach", "frieren", "monster", "mushishi", "naruto"], 5),
        ("genre=action", ["bleach", "naruto"], 2),
        ("genre=ACTION&status=completed", ["bleach"], 1),
        ("q=ush", ["mushishi"], 1),
        ("q=%D0%BD%D0%B0%D1%80", ["naruto"], 1),
        ("q=E&sort=-year&limit=2", ["frieren", "bleach"], 3),
        ("q=", ["bleach", "frieren", "monster", "mushishi", "naruto"], 5),
    ],
)
async def test_catalog_filters_sort_and_paging(
    client: httpx.AsyncClient, writer: ReadModelWriter, query: str, expected: list[str], total: int
) -> None:
    await seed_catalog(writer)
    response = await client.get(f"/api/read/anime?{query}")
    assert response.status_code == 200
    assert slugs(response) == expected
    assert response.headers["x-total-count"] == str(total)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=airing", "status"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("skip=-1", "skip"),
        ("skip=abc", "skip"),
        ("year=20x", "year"),
        ("sort=year", "sort"),
    ],
)
async def test_catalog_bad_query_is_422(
    client: httpx.AsyncClient, writer: ReadModelWriter, query: str, field: str
) -> None:
    await writer.put_catalog([])
    response = await client.get(f"/api/read/anime?{query}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["details"][0]["loc"] == ["query", field]


async def test_catalog_etag_and_304(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await seed_catalog(writer)
    first = await client.get("/api/read/anime?genre=action")
    etag = first.headers["etag"]
    again = await client.get("/api/read/anime?genre=action", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    await writer.upsert_catalog_item(catalog_item("berserk", "Berserk"))
    changed = await client.get("/api/read/anime?genre=action", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert slugs(changed) == ["berserk", "bleach", "naruto"]


async def test_detail_is_the_stored_bytes(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    detail = anime_detail("naruto", "Naruto")
    await writer.put_anime_detail(detail)
    response = await client.get("/api/read/anime/naruto")
    assert response.status_code == 200
    assert response.content == dumps(detail)
    body = response.json()
    assert [source["priority"] for source in body["episodes"][0]["video_sources"]] == [5, 1]
    assert body["episodes"][0]["id"] == str(detail.episodes[0].id)
    assert response.headers["etag"].startswith('"')


async def test_detail_missing_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/read/anime/nope")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Anime not found in read model"


async def test_deleted_detail_is_404(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_anime(catalog_item("naruto", "Naruto"), anime_detail("naruto", "Naruto"), stamp=1)
    await writer.delete_anime("naruto", stamp=2)
    assert (await client.get("/api/read/anime/naruto")).status_code == 404
    assert (await client.get("/api/read/anime")).json() == []


@pytest.mark.parametrize("header", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
async def test_detail_if_none_match(client: httpx.AsyncClient, writer: ReadModelWriter, header: str) -> None:
    await writer.put_anime_detail(anime_detail("naruto", "Naruto"))
    etag = (await client.get("/api/read/anime/naruto")).headers["etag"]
    response = await client.get("/api/read/anime/naruto", headers={"If-None-Match": header.format(etag=etag)})
    assert response.status_code == 304


async def test_detail_stale_if_none_match_is_200(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_anime_detail(anime_detail("naruto", "Naruto"))
    response = await client.get("/api/read/anime/naruto", headers={"If-None-Match": '"stale"'})
    assert response.status_code == 200


async def test_head_has_headers_and_no_body(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_anime_detail(anime_detail("naruto", "Naruto"))
    response = await client.head("/api/read/anime/naruto")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response.headers["content-length"]) > 0


async def test_corrupt_value_is_500(client: httpx.AsyncClient, redis_client: Redis) -> None:
    await redis_client.hset("anime:detail:bad", mapping={"json": b"{not json", "etag": b'"x"'})
    response = await client.get("/api/read/anime/bad")
    assert response.status_code == 500
    assert response.json()["error"] == {
        "code": "INTERNAL_ERROR",
        "message": "An unexpected error occurred",
        "trace_id": response.headers["x-trace-id"],
    }


async def test_wrong_type_value_is_500(client: httpx.AsyncClient, redis_client: Redis) -> None:
    await redis_client.set("anime:detail:plain", b"{}")
    response = await client.get("/api/read/anime/plain")
    assert response.status_code == 500


@pytest.mark.parametrize("path", ["/api/read/anime", "/api/read/anime/naruto"])
async def test_redis_down_is_503(dead_client: httpx.AsyncClient, path: str) -> None:
    response = await dead_client.get(path)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"


async def test_trace_id_is_echoed(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_catalog([])
    response = await client.get("/api/read/anime", headers={"X-Trace-ID": "abc-123"})
    assert response.headers["x-trace-id"] == "abc-123"


async def test_cors_on_the_fast_path(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_catalog([])
    response = await client.get("/api/read/anime", headers={"Origin": "http://localhost:3000"})
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "ETag" in response.headers["access-control-expose-headers"]


async def test_other_methods_go_to_fastapi(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/read/anime")
    assert response.status_code == 405
    assert response.json()["error"]["message"] == "Method Not Allowed"
    unknown = await client.get("/api/read/nothing")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "Not Found"


async def test_payload_matches_openapi_schemas(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    from ani_read.api.schemas import AnimeDetailRead, CatalogItemRead

    await writer.put_anime(catalog_item("naruto", "Naruto"), anime_detail("naruto", "Naruto"))
    detail = await client.get("/api/read/anime/naruto")
    AnimeDetailRead.model_validate(orjson.loads(detail.content), strict=False)
    items = (await client.get("/api/read/anime")).json()
    assert [item["slug"] for item in items] == ["naruto"]
    for item in items:
        CatalogItemRead.model_validate(item)


async def test_traceparent_is_honoured(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_catalog([])
    trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    response = await client.get("/api/read/anime", headers={"traceparent": f"00-{trace}-00f067aa0ba902b7-01"})
    assert response.headers["x-trace-id"] == trace


async def test_fast_path_requests_are_counted(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_anime_detail(anime_detail("naruto", "Naruto"))
    await client.get("/api/read/anime/naruto")
    metrics = (await client.get("/metrics")).text
    assert 'ani_read_requests_total{route="/api/read/anime/{slug}",status="200"}' in metrics


async def test_catalog_without_page_cache(
    settings: Settings, redis_client: Redis, writer: ReadModelWriter, asgi_client: AsgiClientFactory
) -> None:
    app = create_app(settings.model_copy(update={"catalog_page_cache_size": 0}), Overrides(redis=redis_client))
    await writer.put_catalog([catalog_item("naruto", "Naruto")])
    async with asgi_client(app) as http:
        first = await http.get("/api/read/anime")
        await writer.upsert_catalog_item(catalog_item("bleach", "Bleach"))
        second = await http.get("/api/read/anime")
    assert slugs(first) == ["naruto"]
    assert slugs(second) == ["bleach", "naruto"]


@pytest.mark.parametrize("origin", [None, "http://localhost:3000"])
async def test_a_bug_past_the_endpoints_is_the_500_envelope_with_every_header(
    settings: Settings,
    redis_client: Redis,
    signer: TestSigner,
    asgi_client: AsgiClientFactory,
    origin: str | None,
) -> None:
    """The guard of the fast path itself (the endpoints answer their own errors): same envelope and headers."""
    app = create_app(settings, Overrides(redis=redis_client, keys=signer.key_source()))

    async def broken(scope: Any, slug: str) -> Any:
        raise RuntimeError("secret=hunter2")

    app.endpoints.anime_detail = broken  # type: ignore[method-assign]
    headers = {"Origin": origin} if origin else {}
    async with asgi_client(app) as http:
        response = await http.get("/api/read/anime/naruto", headers=headers)
    assert response.status_code == 500
    assert response.json()["error"] == {
        "code": "INTERNAL_ERROR",
        "message": "An unexpected error occurred",
        "trace_id": response.headers["x-trace-id"],
    }
    assert "hunter2" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-type"] == "application/json"
    if origin:
        assert response.headers["access-control-allow-origin"] == origin
