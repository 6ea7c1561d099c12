"""The read GETs' pure-ASGI fast path (``ani_read.api.fast``): it answers exactly as FastAPI does.

Every request is sent twice — once to what ``create_app`` returns (the fast path in front of FastAPI) and once to
the FastAPI application behind it (its routes in ``ani_read.api.routes``, its shared middlewares) — and the two
answers are compared: status, body and headers (all but the ones that differ per request: date, trace id). The fast
path's own histogram tells which requests it served itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import httpx
import orjson
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from prometheus_client import REGISTRY, CollectorRegistry
from redis.asyncio import Redis

from ani_common.fastpath import FastPathKit, request_histogram
from ani_common.readmodels.shapes import (
    HistoryLast,
    LibraryEntry,
    TitleEpisode,
    TitleLibrary,
    TitleModel,
    TitleProgress,
)
from ani_common.readmodels.writer import ReadModelWriter
from ani_common.testing.keys import TestSigner
from ani_common.testing.plugin import response_validator
from ani_common.tokens import PrincipalKind
from ani_read.api.fast import ReadFastPath
from ani_read.bootstrap import Overrides
from ani_read.config import Settings
from ani_read.main import create_app
from tests.conftest import DEAD_REDIS_URL
from tests.factories import T0, anime_detail, catalog_item

VOLATILE_HEADERS = {"date", "x-trace-id"}
ALLOWED_ORIGIN = "http://localhost:3000"
REFUSED_ORIGIN = "https://elsewhere.example"
ROUTES = {
    "/api/read/anime": "/api/read/anime",
    "/api/read/genres": "/api/read/genres",
    "/api/read/me/library": "/api/read/me/library",
    "/api/read/me/progress": "/api/read/me/progress",
    "/api/read/me/history/last": "/api/read/me/history/last",
    "/api/read/me/continue": "/api/read/me/continue",
}


def template(path: str) -> str:
    if path in ROUTES:
        return ROUTES[path]
    if path.startswith("/api/read/anime/"):
        return "/api/read/anime/{slug}"
    return "/api/read/me/titles/{title_id}"


def served(route: str | None = None, status: int | None = None) -> float:
    """How many requests the fast path answered itself (process-wide), for one route and status or all of them."""
    total = 0.0
    for metric in REGISTRY.collect():
        if metric.name != "ani_read_fast_request_duration_seconds":
            continue
        for sample in metric.samples:
            if not sample.name.endswith("_count"):
                continue
            if route is not None and sample.labels["route"] != route:
                continue
            if status is not None and sample.labels["status"] != str(status):
                continue
            total += sample.value
    return total


def comparable(response: httpx.Response) -> tuple[int, Any, list[tuple[str, str]]]:
    """Status, body and headers without what legitimately differs between two requests."""
    headers = sorted((key, value) for key, value in response.headers.multi_items() if key not in VOLATILE_HEADERS)
    if response.request.method == "HEAD":
        return response.status_code, None, headers
    body: Any = response.content
    if response.headers.get("content-type") == "application/json":
        body = response.json()
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        assert body["error"].pop("trace_id") == response.headers["x-trace-id"]
    return response.status_code, body, headers


def _client(target: Any) -> httpx.AsyncClient:
    """A client on ``target`` (the fast path or the FastAPI app behind it); 2xx JSON bodies are held to the OpenAPI
    document, as ``asgi_client`` does."""
    transport = httpx.ASGITransport(app=target, client=("127.0.0.1", 50000))
    hooks: dict[str, list[Any]] = {"response": [response_validator(target)]}
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", event_hooks=hooks)


@pytest_asyncio.fixture
async def app(settings: Settings, redis_client: Redis, signer: TestSigner) -> AsyncIterator[ReadFastPath]:
    application = create_app(settings, Overrides(redis=redis_client, keys=signer.key_source()))
    async with LifespanManager(application, startup_timeout=30, shutdown_timeout=30):
        yield application


@pytest_asyncio.fixture
async def fast(app: ReadFastPath) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(app) as client:
        yield client


@pytest_asyncio.fixture
async def plain(app: ReadFastPath) -> AsyncIterator[httpx.AsyncClient]:
    """The FastAPI application behind the fast path, under the same lifespan."""
    async with _client(app.app) as client:
        yield client


Auth = Callable[..., dict[str, str]]


@pytest.fixture
def auth(signer: TestSigner) -> Auth:
    def headers(user_id: int = 1, kind: PrincipalKind = PrincipalKind.USER) -> dict[str, str]:
        return {"Authorization": f"Bearer {signer.token(user_id, kind)}"}

    return headers


@pytest_asyncio.fixture
async def seeded(writer: ReadModelWriter) -> None:
    """The catalog (two titles), a detail, and viewer 1's library, title models and last history entry."""
    for slug in ("naruto", "bleach"):
        item = catalog_item(slug, slug.title(), episodes_total=2, latest_episode_at=T0 + timedelta(days=1))
        await writer.put_anime(item, anime_detail(slug, slug.title()))
    await writer.put_library(
        1,
        "rpc",
        [LibraryEntry("naruto", "rpc", "watching", False, T0, score=8, episodes_watched=1)],
    )
    episode = str(anime_detail("naruto", "Naruto").episodes[0].id)
    progress = TitleProgress(
        episode_id=episode,
        title_id="naruto",
        provider="rpc",
        position_seconds=12.0,
        duration_seconds=20.0,
        translation_id="610",
        watched=False,
        updated_at=T0 + timedelta(minutes=5),
        episode=TitleEpisode(number=1, season=1),
    )
    library = TitleLibrary(status="watching", is_favorite=False, score=8, episodes_watched=1, updated_at=T0)
    assert await writer.put_title(1, TitleModel("naruto", "rpc", library, (progress,)))
    await writer.put_history_last(1, "rpc", HistoryLast(7, "naruto", episode, "rpc", 12.0, T0 + timedelta(minutes=5)))


async def both(fast: httpx.AsyncClient, plain: httpx.AsyncClient, **request: Any) -> httpx.Response:
    """Send ``request`` to both; assert the answers match; return the fast path's."""
    request.setdefault("method", "GET")
    expected = await plain.request(**request)
    answer = await fast.request(**request)
    assert comparable(answer) == comparable(expected)
    return answer


PUBLIC = [
    "/api/read/anime",
    "/api/read/anime?limit=1&sort=-year",
    "/api/read/anime?skip=1&limit=1&sort=-updated_at",
    "/api/read/anime?genre=action&q=nar",
    "/api/read/anime?status=ongoing&year=2020",
    "/api/read/anime?year=0&q=",
    "/api/read/anime?unknown=1",
    "/api/read/anime/naruto",
    "/api/read/genres",
]
VIEWER = [
    "/api/read/me/library",
    "/api/read/me/progress",
    "/api/read/me/history/last",
    "/api/read/me/titles/naruto",
    "/api/read/me/titles/never-touched",
    "/api/read/me/continue",
    "/api/read/me/continue?limit=1",
    "/api/read/me/library?provider=rpc",
]
MISSING = [
    "/api/read/anime/nope",
    "/api/read/me/library?provider=other",
    "/api/read/me/progress?provider=other",
    "/api/read/me/history/last?provider=other",
]
BAD_QUERIES = [
    "/api/read/anime?limit=0",
    "/api/read/anime?limit=101",
    "/api/read/anime?limit=abc",
    "/api/read/anime?skip=-1",
    "/api/read/anime?year=1.5",
    "/api/read/anime?sort=bogus",
    "/api/read/anime?status=paused",
    "/api/read/anime?q=" + "x" * 201,
    "/api/read/me/library?provider=Bad!",
    "/api/read/me/progress?provider=",
    "/api/read/me/continue?limit=0",
    "/api/read/me/continue?limit=51",
    "/api/read/me/continue?limit=x",
    "/api/read/me/titles/" + "t" * 256,
]


class TestServedByTheFastPath:
    @pytest.mark.parametrize("url", PUBLIC + VIEWER)
    async def test_hits(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth, seeded: None, url: str
    ) -> None:
        route = template(url.split("?")[0])
        before = served(route, 200)
        response = await both(fast, plain, url=url, headers=auth())
        assert response.status_code == 200, response.text
        assert served(route, 200) == before + 1
        assert response.headers["etag"]
        assert response.headers["vary"] in {"Origin", "Authorization, Origin"}

    @pytest.mark.parametrize("url", PUBLIC + VIEWER)
    async def test_not_modified(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth, seeded: None, url: str
    ) -> None:
        etag = (await fast.get(url, headers=auth())).headers["etag"]
        for if_none_match in (etag, f"W/{etag}", f'"other", {etag}', "*"):
            response = await both(fast, plain, url=url, headers={**auth(), "If-None-Match": if_none_match})
            assert response.status_code == 304
            assert response.content == b""
        stale = await both(fast, plain, url=url, headers={**auth(), "If-None-Match": '"stale"'})
        assert stale.status_code == 200

    @pytest.mark.parametrize("url", PUBLIC[:2] + MISSING + VIEWER[:1])
    async def test_misses(self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth, url: str) -> None:
        """Nothing projected: 404 with the model's message (titles and continue are never 404: an empty model)."""
        before = served()
        response = await both(fast, plain, url=url, headers=auth())
        assert response.status_code == 404
        assert served() == before + 1

    @pytest.mark.parametrize("url", BAD_QUERIES)
    async def test_bad_query_values(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth, seeded: None, url: str
    ) -> None:
        before = served()
        response = await both(fast, plain, url=url, headers=auth())
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
        assert served() == before + 1

    @pytest.mark.parametrize(
        ("name", "headers"),
        [
            ("no token", {}),
            ("basic scheme", {"Authorization": "Basic dXNlcjpwYXNz"}),
            ("garbage token", {"Authorization": "Bearer not-a-jwt"}),
        ],
    )
    @pytest.mark.parametrize("url", ["/api/read/me/library", "/api/read/me/titles/naruto", "/api/read/me/continue"])
    async def test_unauthenticated(
        self,
        fast: httpx.AsyncClient,
        plain: httpx.AsyncClient,
        seeded: None,
        name: str,
        headers: dict[str, str],
        url: str,
    ) -> None:
        response = await both(fast, plain, url=url, headers=headers)
        assert response.status_code == 401, name
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_an_admin_token_is_refused(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth, seeded: None
    ) -> None:
        response = await both(fast, plain, url="/api/read/me/library", headers=auth(7, PrincipalKind.ADMIN))
        assert response.status_code == 401

    @pytest.mark.parametrize("url", ["/api/read/me/library?provider=Bad!", "/api/read/me/continue?limit=0"])
    async def test_authentication_comes_before_query_validation(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, url: str
    ) -> None:
        response = await both(fast, plain, url=url)
        assert response.status_code == 401

    @pytest.mark.parametrize("url", PUBLIC + VIEWER + MISSING + BAD_QUERIES[:2])
    async def test_head_is_get_without_the_body(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth, seeded: None, url: str
    ) -> None:
        response = await both(fast, plain, method="HEAD", url=url, headers=auth())
        assert response.content == b""
        got = await fast.get(url, headers=auth())
        assert comparable(response)[::2] == comparable(got)[::2]  # status and headers (content-length included)

    async def test_a_bug_past_the_endpoints_is_the_500_envelope(
        self, app: ReadFastPath, fast: httpx.AsyncClient, plain: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        async def broken(scope: Any) -> Any:
            raise RuntimeError("password=secret")

        monkeypatch.setattr(app.endpoints, "genres", broken)
        before = served("/api/read/genres", 500)
        response = await both(fast, plain, url="/api/read/genres", headers={"Origin": ALLOWED_ORIGIN})
        assert response.status_code == 500
        assert response.json()["error"]["code"] == "INTERNAL_ERROR"
        assert "secret" not in response.text
        assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
        assert served("/api/read/genres", 500) == before + 1


class TestRedisDown:
    @pytest_asyncio.fixture
    async def dead(self, signer: TestSigner) -> AsyncIterator[ReadFastPath]:
        settings = Settings(env="test", redis_url=DEAD_REDIS_URL, access_log=False, _env_file=None)
        application = create_app(settings, Overrides(keys=signer.key_source()))
        async with LifespanManager(application, startup_timeout=30, shutdown_timeout=30):
            yield application

    @pytest.mark.parametrize(
        ("url", "origin"),
        [(url, None) for url in PUBLIC + VIEWER]
        + [(url, origin) for url in (PUBLIC[0], VIEWER[0]) for origin in (ALLOWED_ORIGIN, REFUSED_ORIGIN)],
    )
    async def test_503_with_retry_after(self, dead: ReadFastPath, auth: Auth, url: str, origin: str | None) -> None:
        headers = {**auth(), **({"Origin": origin} if origin else {})}
        async with _client(dead) as fast, _client(dead.app) as plain:
            response = await both(fast, plain, url=url, headers=headers)
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"


class TestCors:
    @pytest.mark.parametrize("origin", [ALLOWED_ORIGIN, REFUSED_ORIGIN])
    @pytest.mark.parametrize(
        "url", ["/api/read/anime/naruto", "/api/read/me/library", "/api/read/anime/nope", "/api/read/anime?limit=0"]
    )
    async def test_simple_requests(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth, seeded: None, origin: str, url: str
    ) -> None:
        before = served()
        response = await both(fast, plain, url=url, headers={**auth(), "Origin": origin})
        assert served() == before + 1
        assert response.headers.get("access-control-allow-origin") == (origin if origin == ALLOWED_ORIGIN else None)
        assert response.headers["access-control-allow-credentials"] == "true"
        assert "X-Trace-ID" in response.headers["access-control-expose-headers"]
        assert response.headers["vary"].endswith("Origin")

    async def test_with_a_cookie_and_two_origins(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, seeded: None
    ) -> None:
        headers = [("Origin", ALLOWED_ORIGIN), ("Origin", REFUSED_ORIGIN), ("Cookie", "a=b")]
        response = await both(fast, plain, url="/api/read/genres", headers=headers)
        assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN

    @pytest.mark.parametrize("origin", [ALLOWED_ORIGIN, REFUSED_ORIGIN])
    @pytest.mark.parametrize("requested", ["authorization, if-none-match", "x-forbidden"])
    async def test_preflights_are_fastapis(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, origin: str, requested: str
    ) -> None:
        """``OPTIONS`` is never the fast path's: Starlette's CORSMiddleware answers the preflight."""
        before = served()
        headers = {
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": requested,
        }
        expected = await plain.options("/api/read/me/library", headers=headers)
        answer = await fast.options("/api/read/me/library", headers=headers)
        assert comparable(answer) == comparable(expected)
        assert answer.status_code == (200 if origin == ALLOWED_ORIGIN and requested.startswith("auth") else 400)
        assert served() == before


class TestHandedToFastAPI:
    @pytest.mark.parametrize(
        ("method", "url"),
        [
            ("GET", "/health"),
            ("GET", "/openapi.json"),
            ("GET", "/api/read/anime/"),
            ("GET", "/api/read/anime/a/b"),
            ("GET", "/api/read/unknown"),
            ("POST", "/api/read/anime"),
            ("DELETE", "/api/read/me/library"),
        ],
    )
    async def test_other_requests(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, seeded: None, method: str, url: str
    ) -> None:
        before = served()
        expected = await plain.request(method, url)
        answer = await fast.request(method, url)
        assert comparable(answer) == comparable(expected)
        assert served() == before

    async def test_with_tracing_on_fastapi_answers_everything(
        self, app: ReadFastPath, settings: Settings, plain: httpx.AsyncClient, seeded: None
    ) -> None:
        traced = settings.model_copy(
            update={"tracing_enabled": True, "otel_exporter_otlp_endpoint": "http://127.0.0.1:4318"}
        )
        kit = FastPathKit.from_settings(
            traced, request_histogram("ani_read_test_seconds", "unused", registry=CollectorRegistry())
        )
        assert not kit.enabled
        stepping_aside = ReadFastPath(app.app, endpoints=app.endpoints, kit=kit)
        before = served()
        async with _client(stepping_aside) as client:
            answer = await client.get("/api/read/anime/naruto")
        expected = await plain.get("/api/read/anime/naruto")
        assert comparable(answer) == comparable(expected)
        assert served() == before


class TestObservability:
    async def test_the_histogram_and_the_counter_are_exported(self, fast: httpx.AsyncClient, seeded: None) -> None:
        await fast.get("/api/read/genres")
        metrics = (await fast.get("/metrics")).text
        assert 'ani_read_fast_request_duration_seconds_count{route="/api/read/genres",status="200"}' in metrics
        assert 'ani_read_fast_request_duration_seconds_bucket{le="0.001",route="/api/read/genres"' in metrics
        assert 'ani_read_requests_total{route="/api/read/genres",status="200"}' in metrics

    async def test_the_access_log_line_of_a_served_request(
        self,
        settings: Settings,
        redis_client: Redis,
        signer: TestSigner,
        seeded: None,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        logged = settings.model_copy(update={"access_log": True})
        application = create_app(logged, Overrides(redis=redis_client, keys=signer.key_source()))
        async with LifespanManager(application), _client(application) as client:
            before = served()
            response = await client.get("/api/read/anime/naruto", headers={"Origin": ALLOWED_ORIGIN})
            assert served() == before + 1
        lines = [orjson.loads(line) for line in capsys.readouterr().out.splitlines() if "Request completed" in line]
        assert len(lines) == 1
        line = lines[0]
        assert (line["method"], line["path"], line["status_code"]) == ("GET", "/api/read/anime/naruto", 200)
        assert line["trace_id"] == response.headers["x-trace-id"]
        assert line["duration_ms"] >= 0
