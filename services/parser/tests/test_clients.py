from __future__ import annotations

import httpx
import pytest

from ani_parser.application.errors import ProviderError
from ani_parser.fakes import FakeProviders, Fault, create_fake_providers_app
from ani_parser.infrastructure.http import HttpRequester, RetryPolicy
from ani_parser.infrastructure.kodik import KodikClient
from ani_parser.infrastructure.shikimori import ShikimoriClient

FAKE_URL = "https://fake.test"
KODIK_TOKEN = "kodik-secret-token-123"


def _http(fake: FakeProviders, name: str) -> HttpRequester:
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_fake_providers_app(fake)))
    return HttpRequester(
        client, name=name, policy=RetryPolicy(max_retries=3, backoff_base=0, backoff_max=0), secrets=(KODIK_TOKEN,)
    )


def kodik(fake: FakeProviders, *, page_size: int = 100, token: str = KODIK_TOKEN) -> KodikClient:
    return KodikClient(_http(fake, "kodik"), base_url=FAKE_URL, token=token, page_size=page_size)


def shikimori(fake: FakeProviders) -> tuple[ShikimoriClient, HttpRequester]:
    http = _http(fake, "shikimori")
    return ShikimoriClient(http, base_url=FAKE_URL), http


async def test_list_follows_the_next_page_cursor_to_the_end(fake: FakeProviders) -> None:
    pages = [page async for page in kodik(fake, page_size=40).list_pages(max_pages=None)]
    total = len(fake.listing())
    assert len(pages) == -(-total // 40) > 2
    assert [p.has_next for p in pages] == [True] * (len(pages) - 1) + [False]
    ids = [item["id"] for page in pages for item in page.items]
    assert len(ids) == len(set(ids)) == total  # every item once: the cursor really advances
    stamps = [item["updated_at"] for page in pages for item in page.items]
    assert stamps == sorted(stamps, reverse=True)


async def test_list_stops_at_max_pages(fake: FakeProviders) -> None:
    pages = [page async for page in kodik(fake, page_size=10).list_pages(max_pages=2)]
    assert len(pages) == 2
    assert pages[-1].has_next


async def test_cursor_loop_is_an_error(fake: FakeProviders) -> None:
    fake.cursor_loop = True
    with pytest.raises(ProviderError, match="cursor loop"):
        _ = [page async for page in kodik(fake, page_size=10).list_pages(max_pages=None)]


async def test_error_body_is_an_error_not_the_end_of_the_catalog(fake: FakeProviders) -> None:
    fake.faults = [Fault("error_body", 1, "/list")]
    with pytest.raises(ProviderError, match="answered an error"):
        _ = [page async for page in kodik(fake).list_pages(max_pages=None)]


async def test_wrong_token_is_an_error_and_the_token_is_not_in_the_message(fake: FakeProviders) -> None:
    with pytest.raises(ProviderError) as excinfo:
        await kodik(fake, token="wrong-token-value").search(20)
    assert "403" in str(excinfo.value)
    assert "wrong-token-value" not in str(excinfo.value)


async def test_faults_are_retried_through(fake: FakeProviders) -> None:
    fake.faults = [Fault("429", 1, "/list"), Fault("5xx", 1, "/list"), Fault("malformed", 1, "/list")]
    pages = [page async for page in kodik(fake).list_pages(max_pages=1)]
    assert len(pages[0].items) == 100
    assert fake.requests["/list"] == 4  # three failed attempts, then the page


async def test_persistent_faults_exhaust_retries_with_a_clear_error(fake: FakeProviders) -> None:
    fake.faults = [Fault("5xx", 4, "/list")]
    with pytest.raises(ProviderError, match="failed after 4 attempts: HTTP 502"):
        _ = [page async for page in kodik(fake).list_pages(max_pages=1)]


async def test_search_returns_every_translation_with_episode_data(fake: FakeProviders) -> None:
    results = await kodik(fake).search(20)
    assert {r["translation"]["type"] for r in results} == {"voice", "subtitles"}
    season = results[0]["seasons"]["1"]
    first = season["episodes"]["1"]
    assert isinstance(first, dict)
    assert first["link"].startswith("//fake.test/seria/")
    assert "0" in results[0]["seasons"]  # specials


async def test_search_pages_through_many_translations(fake: FakeProviders) -> None:
    client = KodikClient(_http(fake, "kodik"), base_url=FAKE_URL, token=KODIK_TOKEN)
    client_results = await client.search(20)
    assert len(client_results) == 3
    assert fake.requests["/search"] == 1


async def test_graphql_batches_at_most_50_ids(fake: FakeProviders) -> None:
    client, http = shikimori(fake)
    ids = [t.shikimori_id for t in fake.catalog.titles if t.on_shikimori]
    assert len(ids) > 50
    found = await client.fetch_many(ids)
    assert set(found) == set(ids)
    assert fake.requests["/api/graphql"] == 2
    assert http.attempts == 2
    assert found[20]["russian"] == "Наруто"


async def test_unknown_ids_are_confirmed_over_rest_and_absent(fake: FakeProviders) -> None:
    client, _ = shikimori(fake)
    found = await client.fetch_many([20, 99_999_001])
    assert set(found) == {20}
    assert fake.requests["/api/animes/99999001"] == 1


async def test_rest_fallback_when_graphql_keeps_failing(fake: FakeProviders) -> None:
    fake.faults = [Fault("5xx", 10, "/api/graphql")]
    client, _ = shikimori(fake)
    found = await client.fetch_many([20, 1535])
    assert found[20]["name"] == "Naruto"  # the REST shape
    assert "image" in found[20]
    assert fake.requests["/api/animes/20"] == 1
