"""The bad-input corpus (issue 15) on read-api: path tricks in slugs and ids, hostile query strings, bodies and
content types where none belong.

read-api only reads: each row must answer the contract's error envelope with the stated 4xx, never a 5xx, and the
read models in Redis must be exactly as before (no key written, changed or dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from ani_common.readmodels.writer import ReadModelWriter
from ani_common.testing.fuzzing import (
    DEEP_ARRAY_BODY,
    HUGE_STRING,
    NON_FINITE_NUMBERS,
    PATH_TRICKS,
    assert_error_envelope,
)
from tests.factories import anime_detail, catalog_item

NOT_A_ROUTE = (404, 405, 422)


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: tuple[int, ...]
    params: dict[str, str] | None = None
    body: bytes | None = None
    content_type: str | None = None


def corpus() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for name, template in {
        "anime-slug": "/api/read/anime/@",
        "my-title": "/api/read/me/titles/@",
    }.items():
        for kind, segment in PATH_TRICKS.items():
            statuses: tuple[int, ...] = (
                NOT_A_ROUTE if kind in {"dot-dot", "encoded-slash", "encoded-traversal"} else (404, 422)
            )
            if name == "my-title" and kind not in {"dot-dot", "encoded-slash", "encoded-traversal", "very-long"}:
                continue  # a title id is any short string: an unknown one is an empty model (200), see the report
            rows[f"{name}/{kind}"] = Row("GET", template.replace("@", segment), statuses)
    for name, value in {
        "huge": HUGE_STRING[:30_000],
        "nul": "a\x00b",
        "crlf": "a\r\nX-Injected: 1",
        "invalid-provider": "../../etc",
    }.items():
        rows[f"provider/{name}"] = Row("GET", "/api/read/me/library", (422,), params={"provider": value})
    for number, literal in NON_FINITE_NUMBERS.items():
        rows[f"catalog-limit/{number}"] = Row("GET", "/api/read/anime", (422,), params={"limit": literal})
        rows[f"catalog-year/{number}"] = Row("GET", "/api/read/anime", (422,), params={"year": literal})
    rows["catalog-q/huge"] = Row("GET", "/api/read/anime", (422,), params={"q": HUGE_STRING[:30_000]})
    rows["catalog-sort/unknown"] = Row("GET", "/api/read/anime", (422,), params={"sort": "title; DROP TABLE"})
    rows["post-on-a-read-route"] = Row("POST", "/api/read/anime", (405,), body=b"{}", content_type="application/json")
    rows["put-deep-json"] = Row(
        "PUT", "/api/read/me/library", (405,), body=DEEP_ARRAY_BODY, content_type="application/json"
    )
    rows["delete-a-model"] = Row("DELETE", "/api/read/anime/naruto", (405,))
    return rows


CORPUS = corpus()


async def snapshot(redis: Redis) -> dict[Any, Any]:
    """Every key of this test's Redis DB with a dump of its value (type-independent)."""
    return {key: await redis.dump(key) for key in sorted(await redis.keys("*"))}


@pytest.mark.parametrize("name", list(CORPUS))
async def test_bad_input_is_refused_and_writes_nothing(
    client: httpx.AsyncClient,
    writer: ReadModelWriter,
    redis_client: Redis,
    user_headers: dict[str, str],
    name: str,
) -> None:
    await writer.put_anime(catalog_item("naruto", "Naruto"), anime_detail("naruto", "Naruto"))
    await writer.put_catalog([catalog_item("naruto", "Naruto")])
    row = CORPUS[name]
    headers = dict(user_headers)
    if row.content_type is not None:
        headers["Content-Type"] = row.content_type
    before = await snapshot(redis_client)
    response = await client.request(row.method, row.path, params=row.params, content=row.body, headers=headers)
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert_error_envelope(response, row.expected)
    assert await snapshot(redis_client) == before
