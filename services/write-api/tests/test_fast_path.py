"""The progress PUT's pure-ASGI fast path (``ani_write.api.fast``): it answers exactly as FastAPI does.

Every request is sent twice — once to what ``create_app`` returns (the fast path in front of FastAPI) and once to
the FastAPI application behind it — and the two answers are compared: status, body and headers (all but the ones
that differ per request: date, trace id). The fast path's own histogram tells which requests it served itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, MutableMapping
from typing import Any

import httpx
import orjson
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from prometheus_client import REGISTRY
from redis.asyncio import Redis

from ani_common.testing.keys import TestSigner
from ani_common.testing.plugin import response_validator
from ani_common.tokens import PrincipalKind
from ani_write.api.fast import MAX_BODY_BYTES, PROGRESS_ROUTE, WriteFastPath
from ani_write.bootstrap import Overrides
from ani_write.config import Settings
from ani_write.infrastructure.db.connections import SingleConnectionSource
from ani_write.main import create_app, uses_fast_path

Auth = Callable[..., dict[str, str]]
BODY = {"title_id": "naruto", "position_seconds": 30.5, "duration_seconds": 1400}
URL = "/api/v1/me/progress/ep-1"
VOLATILE_HEADERS = {"date", "x-trace-id", "content-length"}


def served(status: int = 200) -> float:
    """How many progress PUTs the fast path answered itself with ``status`` (process-wide)."""
    value = REGISTRY.get_sample_value(
        "ani_write_fast_request_duration_seconds_count", {"route": PROGRESS_ROUTE, "status": str(status)}
    )
    return value or 0.0


def comparable(response: httpx.Response) -> tuple[int, Any, list[tuple[str, str]]]:
    """Status, body and headers without what legitimately differs between two requests."""
    headers = sorted((key, value) for key, value in response.headers.multi_items() if key not in VOLATILE_HEADERS)
    body: Any = response.json() if response.content else None
    if isinstance(body, dict):
        body.pop("updated_at", None)
        if isinstance(body.get("error"), dict):
            assert body["error"].pop("trace_id") == response.headers["x-trace-id"]
    return response.status_code, body, headers


@pytest_asyncio.fixture
async def app(
    settings: Settings, connections: SingleConnectionSource, redis_client: Redis, signer: TestSigner
) -> AsyncIterator[WriteFastPath]:
    application = create_app(settings, Overrides(connections=connections, redis=redis_client, keys=signer.key_source()))
    async with LifespanManager(application, startup_timeout=30, shutdown_timeout=30):
        yield application


def _client(target: Any) -> httpx.AsyncClient:
    """A client on ``target`` (the fast path or the FastAPI app behind it); 2xx JSON bodies are held to the OpenAPI
    document, as ``asgi_client`` does."""
    transport = httpx.ASGITransport(app=target, client=("127.0.0.1", 50000))
    hooks: dict[str, list[Any]] = {"response": [response_validator(target)]}
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", event_hooks=hooks)


@pytest_asyncio.fixture
async def fast(app: WriteFastPath) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(app) as client:
        yield client


@pytest_asyncio.fixture
async def plain(app: WriteFastPath) -> AsyncIterator[httpx.AsyncClient]:
    """The FastAPI application behind the fast path, under the same lifespan."""
    async with _client(app.app) as client:
        yield client


async def both(fast: httpx.AsyncClient, plain: httpx.AsyncClient, **request: Any) -> httpx.Response:
    """Send ``request`` to both; assert the answers match; return the fast path's."""
    request.setdefault("method", "PUT")
    request.setdefault("url", URL)
    expected = await plain.request(**request)
    answer = await fast.request(**request)
    assert comparable(answer) == comparable(expected)
    return answer


class TestServedByTheFastPath:
    async def test_a_valid_put_is_answered_like_fastapi_and_writes_the_same_rows(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth, pg: Any, outbox: Any
    ) -> None:
        before = served()
        response = await both(fast, plain, json=BODY, headers=auth(5))
        assert served() == before + 1
        assert response.status_code == 200
        assert response.json()["user_id"] == 5
        assert response.headers["content-type"] == "application/json"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["vary"] == "Origin"
        assert await pg.fetchval("SELECT count(*) FROM user_progress WHERE user_id = 5") == 1
        assert await pg.fetchval("SELECT count(*) FROM user_history WHERE user_id = 5") == 1
        # the first PUT also adds the library row (library_changed); the second changes no library row
        assert sorted(topic for topic, _ in await outbox()) == sorted(
            ["progress_changed", "history_changed"] * 2 + ["library_changed"]
        )

    async def test_translation_and_watched_are_answered_like_fastapi(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth, pg: Any
    ) -> None:
        before = served()
        body = {**BODY, "position_seconds": 1300, "translation_id": "610"}
        response = await both(fast, plain, json=body, headers=auth(6))
        assert served() == before + 1
        assert response.json()["translation_id"] == "610"
        assert response.json()["watched"] is True
        # absent and null keep the stored translation, on both paths
        kept = await both(fast, plain, json={**BODY, "translation_id": None}, headers=auth(6))
        assert kept.json()["translation_id"] == "610"
        assert kept.json()["watched"] is True
        replaced = await both(fast, plain, json={**BODY, "translation_id": "611"}, headers=auth(6))
        assert replaced.json()["translation_id"] == "611"
        # too long a translation id is FastAPI's 422 on both
        invalid = await both(fast, plain, json={**BODY, "translation_id": "x" * 65}, headers=auth(6))
        assert invalid.status_code == 422
        assert await pg.fetchval("SELECT episodes_watched FROM user_library_items WHERE user_id = 6") == 1

    @pytest.mark.parametrize("origin", ["http://localhost:3000", "https://elsewhere.example"])
    async def test_cors_headers_are_starlettes(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth, origin: str
    ) -> None:
        before = served()
        response = await both(fast, plain, json=BODY, headers={**auth(), "Origin": origin})
        assert served() == before + 1
        allowed = response.headers.get("access-control-allow-origin")
        assert allowed == (origin if origin == "http://localhost:3000" else None)

    async def test_trace_id_from_traceparent_is_echoed(self, fast: httpx.AsyncClient, auth: Auth) -> None:
        trace = "4bf92f3577b34da6a3ce929d0e0e4736"
        headers = {**auth(), "traceparent": f"00-{trace}-00f067aa0ba902b7-01"}
        response = await fast.put(URL, json=BODY, headers=headers)
        assert response.headers["x-trace-id"] == trace

    async def test_provider_and_unrelated_query_parameters(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth
    ) -> None:
        before = served()
        response = await both(fast, plain, params={"provider": "kodik-2", "_": "123"}, json=BODY, headers=auth())
        assert served() == before + 1
        assert response.json()["provider"] == "kodik-2"

    async def test_json_content_type_with_charset(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth
    ) -> None:
        before = served()
        raw = b'{"title_id": "t", "position_seconds": 1, "duration_seconds": 2}'
        headers = {**auth(), "Content-Type": "Application/JSON; charset=utf-8"}
        assert (await both(fast, plain, content=raw, headers=headers)).status_code == 200
        assert served() == before + 1

    async def test_a_failing_write_is_the_500_envelope_and_writes_nothing(
        self, app: WriteFastPath, fast: httpx.AsyncClient, auth: Auth, pg: Any
    ) -> None:
        class Failing:
            async def __call__(self, command: Any) -> Any:
                raise RuntimeError("database password=secret leaked?")

        app.state.record_progress_handler = Failing()
        response = await fast.put(URL, json=BODY, headers={**auth(), "Origin": "http://localhost:3000"})
        assert response.status_code == 500
        error = response.json()["error"]
        assert (error["code"], error["message"]) == ("INTERNAL_ERROR", "An unexpected error occurred")
        assert "secret" not in response.text
        assert error["trace_id"] == response.headers["x-trace-id"]
        assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
        assert response.headers["x-frame-options"] == "DENY"
        assert served(500) >= 1
        assert await pg.fetchval("SELECT count(*) FROM user_progress") == 0


class TestHandedToFastAPI:
    """Requests the fast path cannot prove valid: FastAPI answers them (same bytes), nothing is written on error."""

    @pytest.mark.parametrize(
        ("name", "request_"),
        [
            ("no token", {"json": BODY, "headers": {}}),
            ("basic scheme", {"json": BODY, "headers": {"Authorization": "Basic dXNlcjpwYXNz"}}),
            ("garbage token", {"json": BODY, "headers": {"Authorization": "Bearer not-a-jwt"}}),
            ("text/plain body", {"content": b'{"title_id": "t"}', "headers": {"Content-Type": "text/plain"}}),
            ("not json", {"content": b"{oops"}),
            ("NaN", {"content": b'{"title_id":"t","position_seconds":NaN,"duration_seconds":1}'}),
            ("past the end", {"json": {"title_id": "t", "position_seconds": 9, "duration_seconds": 1}}),
            ("negative", {"json": {"title_id": "t", "position_seconds": -1, "duration_seconds": 1}}),
            ("missing field", {"json": {"title_id": "t", "position_seconds": 1}}),
            ("long title id", {"json": {**BODY, "title_id": "x" * 256}}),
            ("array body", {"json": [BODY]}),
            ("bad provider", {"json": BODY, "params": {"provider": "Bad!"}}),
            ("provider with a newline", {"json": BODY, "params": {"provider": "rpc\n"}}),
            ("long episode id", {"json": BODY, "url": "/api/v1/me/progress/" + "e" * 256}),
            ("nested path", {"json": BODY, "url": "/api/v1/me/progress/a/b"}),
            ("empty episode id", {"json": BODY, "url": "/api/v1/me/progress/"}),
        ],
    )
    async def test_errors_are_fastapis_own(
        self,
        fast: httpx.AsyncClient,
        plain: httpx.AsyncClient,
        auth: Auth,
        pg: Any,
        name: str,
        request_: dict[str, Any],
    ) -> None:
        request = dict(request_)
        # A valid token unless the case brings its own headers; raw bodies are declared JSON unless said otherwise.
        headers: dict[str, str] = request.pop("headers") if "headers" in request else auth()
        if "content" in request:
            headers = {"Content-Type": "application/json", **headers}
        before = served()
        response = await both(fast, plain, headers=headers, **request)
        assert response.status_code != 200, name  # 4xx, or FastAPI's trailing-slash redirect
        assert served() == before
        assert await pg.fetchval("SELECT count(*) FROM user_progress") == 0
        assert await pg.fetchval("SELECT count(*) FROM outbox") == 0

    async def test_a_user_token_of_the_other_kind_is_refused(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth
    ) -> None:
        response = await both(fast, plain, json=BODY, headers=auth(7, PrincipalKind.ADMIN))
        assert response.status_code == 401

    async def test_duplicated_headers_are_fastapis_choice(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth
    ) -> None:
        before = served()
        token = auth(4)["Authorization"]
        headers = [("Authorization", token), ("Authorization", "Bearer forged"), ("Content-Type", "application/json")]
        response = await both(fast, plain, content=orjson.dumps(BODY), headers=headers)
        assert served() == before
        assert response.status_code == 200
        assert response.json()["user_id"] == 4

    async def test_a_repeated_provider_is_fastapis_choice(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth
    ) -> None:
        before = served()
        params = [("provider", "a"), ("provider", "b")]
        response = await both(fast, plain, json=BODY, params=params, headers=auth())
        assert served() == before
        assert response.json()["provider"] == "b"

    async def test_without_content_type_fastapi_decides(
        self, fast: httpx.AsyncClient, plain: httpx.AsyncClient, auth: Auth
    ) -> None:
        raw = b'{"title_id": "t", "position_seconds": 1, "duration_seconds": 2}'
        before = served()
        response = await both(fast, plain, content=raw, headers=auth())
        assert served() == before
        assert response.status_code == 422  # without a JSON Content-Type FastAPI does not read the body as JSON

    async def test_an_oversized_chunked_body_is_replayed_to_fastapi(
        self, app: WriteFastPath, auth: Auth, pg: Any
    ) -> None:
        """More than MAX_BODY_BYTES in several chunks: what was read is replayed, the rest follows."""
        padding = "x" * (MAX_BODY_BYTES + 10)
        raw = ('{"title_id": "t", "position_seconds": 1, "duration_seconds": 2, "padding": "' + padding + '"}').encode()
        chunks = [raw[i : i + 4096] for i in range(0, len(raw), 4096)]
        status, _ = await _asgi_put(app, chunks, auth())
        assert status == 200
        assert await pg.fetchval("SELECT count(*) FROM user_progress") == 1

    async def test_a_client_gone_before_its_body_gets_no_answer(self, app: WriteFastPath, auth: Auth, pg: Any) -> None:
        status, _ = await _asgi_put(app, [], auth())
        assert status is None
        assert await pg.fetchval("SELECT count(*) FROM user_progress") == 0


async def _asgi_put(app: WriteFastPath, chunks: list[bytes], headers: dict[str, str]) -> tuple[int | None, bytes]:
    """A raw ASGI PUT sending ``chunks`` (then ``http.disconnect``); an empty list disconnects at once."""
    messages: list[dict[str, Any]] = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "PUT",
        "scheme": "http",
        "path": URL,
        "raw_path": URL.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"content-type", b"application/json"),
            *((k.lower().encode(), v.encode()) for k, v in headers.items()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
        "app": app.app,
    }
    await app(scope, receive, send)
    status = next((message["status"] for message in sent if message["type"] == "http.response.start"), None)
    body = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    return status, body


class TestSwitch:
    def test_opentelemetry_sends_every_request_through_fastapi(self, settings: Settings) -> None:
        assert uses_fast_path(settings)
        traced = settings.model_copy(
            update={"tracing_enabled": True, "otel_exporter_otlp_endpoint": "http://127.0.0.1:4318"}
        )
        assert not uses_fast_path(traced)

    async def test_the_histogram_is_exported(self, fast: httpx.AsyncClient, auth: Auth) -> None:
        await fast.put(URL, json=BODY, headers=auth())
        metrics = (await fast.get("/metrics")).text
        assert (
            'ani_write_fast_request_duration_seconds_count{route="/api/v1/me/progress/{episode_id}",status="200"}'
            in metrics
        )


async def test_the_access_log_line_of_a_served_request(
    settings: Settings,
    connections: SingleConnectionSource,
    redis_client: Redis,
    signer: TestSigner,
    auth: Auth,
    capsys: pytest.CaptureFixture[str],
) -> None:
    logged = settings.model_copy(update={"access_log": True})
    application = create_app(logged, Overrides(connections=connections, redis=redis_client, keys=signer.key_source()))
    async with LifespanManager(application), _client(application) as client:
        before = served()
        response = await client.put(URL, json=BODY, headers=auth())
        assert served() == before + 1
    lines = [orjson.loads(line) for line in capsys.readouterr().out.splitlines() if "Request completed" in line]
    assert len(lines) == 1
    line = lines[0]
    assert (line["method"], line["path"], line["status_code"]) == ("PUT", URL, 200)
    assert line["trace_id"] == response.headers["x-trace-id"]
    assert line["duration_ms"] >= 0
