"""GET /api/read/me/{library,progress,history/last}: auth, provider and user isolation, 404/503/304."""

from __future__ import annotations

import time

import httpx
import orjson
import pytest

from ani_common.readmodels.shapes import AnimeSummary, HistoryLast, LibraryEntry, ProgressEntry, dumps
from ani_common.readmodels.writer import ReadModelWriter
from ani_common.testing.keys import TestSigner
from ani_common.tokens import PrincipalKind
from tests.factories import T0

ME_PATHS = ["/api/read/me/library", "/api/read/me/progress", "/api/read/me/history/last"]


def library_entry(title_id: str, provider: str = "rpc") -> LibraryEntry:
    return LibraryEntry(
        title_id=title_id,
        provider=provider,
        status="watching",
        is_favorite=False,
        updated_at=T0,
        score=8,
        episodes_watched=3,
        anime=AnimeSummary(slug=title_id, title=title_id.title(), poster=None),
    )


async def test_library_joins_the_catalog_at_read_time(
    client: httpx.AsyncClient, writer: ReadModelWriter, user_headers: dict[str, str]
) -> None:
    """A stored entry's embedded ``anime`` (earlier layout) is ignored: the catalog item is joined now."""
    entries = [library_entry("naruto")]
    await writer.put_library(1, "rpc", entries)
    response = await client.get("/api/read/me/library", headers=user_headers)
    assert response.status_code == 200
    stored = orjson.loads(dumps(entries))[0]
    assert response.json() == [{**stored, "anime": None, "last_watched_at": None, "has_new_episodes": False}]
    assert response.headers["cache-control"] == "private, no-cache"
    assert "Authorization" in response.headers["vary"]


async def test_provider_isolation(
    client: httpx.AsyncClient, writer: ReadModelWriter, user_headers: dict[str, str]
) -> None:
    await writer.put_library(1, "rpc", [library_entry("naruto")])
    await writer.put_library(1, "shiki", [library_entry("bleach", "shiki")])
    other = await client.get("/api/read/me/library?provider=shiki", headers=user_headers)
    assert [entry["title_id"] for entry in other.json()] == ["bleach"]
    default = await client.get("/api/read/me/library", headers=user_headers)
    assert [entry["title_id"] for entry in default.json()] == ["naruto"]
    missing = await client.get("/api/read/me/library?provider=none", headers=user_headers)
    assert missing.status_code == 404


async def test_user_isolation(client: httpx.AsyncClient, writer: ReadModelWriter, signer: TestSigner) -> None:
    await writer.put_library(2, "rpc", [library_entry("secret")])
    mine = await client.get("/api/read/me/library", headers={"Authorization": f"Bearer {signer.token(1)}"})
    assert mine.status_code == 404
    theirs = await client.get("/api/read/me/library", headers={"Authorization": f"Bearer {signer.token(2)}"})
    assert theirs.status_code == 200


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/read/me/library", "Library read model not available"),
        ("/api/read/me/progress", "Progress read model not available"),
        ("/api/read/me/history/last", "History read model not available"),
    ],
)
async def test_not_projected_is_404(
    client: httpx.AsyncClient, user_headers: dict[str, str], path: str, message: str
) -> None:
    response = await client.get(path, headers=user_headers)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == message


async def test_empty_models_are_200(
    client: httpx.AsyncClient, writer: ReadModelWriter, user_headers: dict[str, str]
) -> None:
    await writer.put_progress(1, "rpc", [])
    await writer.put_history_last(1, "rpc", None)
    progress = await client.get("/api/read/me/progress", headers=user_headers)
    assert (progress.status_code, progress.content) == (200, b"[]")
    history = await client.get("/api/read/me/history/last", headers=user_headers)
    assert (history.status_code, history.content) == (200, b"null")


async def test_progress_and_history(
    client: httpx.AsyncClient, writer: ReadModelWriter, user_headers: dict[str, str]
) -> None:
    progress = ProgressEntry(
        episode_id="e1", title_id="naruto", provider="rpc", position_seconds=10, duration_seconds=20, updated_at=T0
    )
    last = HistoryLast(
        history_id=9, title_id="naruto", episode_id="e1", provider="rpc", position_seconds=10.5, watched_at=T0
    )
    await writer.put_progress(1, "rpc", [progress])
    await writer.put_history_last(1, "rpc", last)
    # Progress stored in the legacy layout (``ProgressEntry``, before the per-title models) is served until the rebuild
    # after an upgrade, with the two fields its rows lack (``ProgressEntryRead`` declares them).
    served = await client.get("/api/read/me/progress", headers=user_headers)
    assert served.status_code == 200
    (row,) = served.json()
    assert row.pop("updated_at").startswith("2026-11-26T06:40:27")
    assert row == {
        "episode_id": "e1",
        "title_id": "naruto",
        "provider": "rpc",
        "position_seconds": 10.0,
        "duration_seconds": 20.0,
        "translation_id": None,
        "watched": False,
    }
    history = (await client.get("/api/read/me/history/last", headers=user_headers)).json()
    assert history["history_id"] == 9
    assert history["position_seconds"] == 10.5


async def test_304_on_me(client: httpx.AsyncClient, writer: ReadModelWriter, user_headers: dict[str, str]) -> None:
    await writer.put_library(1, "rpc", [library_entry("naruto")])
    etag = (await client.get("/api/read/me/library", headers=user_headers)).headers["etag"]
    response = await client.get("/api/read/me/library", headers={**user_headers, "If-None-Match": etag})
    assert response.status_code == 304


@pytest.mark.parametrize("path", ME_PATHS)
async def test_no_token_is_401(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["message"] == "Not authenticated"


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        ("Basic abc", "Invalid authentication credentials"),
        ("Bearer not-a-jwt", "Could not validate credentials"),
    ],
)
async def test_bad_credentials_are_401(client: httpx.AsyncClient, authorization: str, message: str) -> None:
    response = await client.get("/api/read/me/library", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == message


async def test_admin_token_is_401(client: httpx.AsyncClient, writer: ReadModelWriter, signer: TestSigner) -> None:
    await writer.put_library(1, "rpc", [])
    token = signer.token(1, PrincipalKind.ADMIN)
    response = await client.get("/api/read/me/library", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Could not validate credentials"


async def test_expired_token_is_401(client: httpx.AsyncClient, writer: ReadModelWriter, signer: TestSigner) -> None:
    await writer.put_library(1, "rpc", [])
    token = signer.token(1, issued_at=int(time.time()) - 1000, ttl_seconds=60)
    response = await client.get("/api/read/me/library", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


async def test_token_from_another_key_is_401(client: httpx.AsyncClient, writer: ReadModelWriter) -> None:
    await writer.put_library(1, "rpc", [])
    token = TestSigner().token(1)
    response = await client.get("/api/read/me/library", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


@pytest.mark.parametrize("provider", ["RPC", "a b", "x" * 33, ""])
async def test_bad_provider_is_422(client: httpx.AsyncClient, user_headers: dict[str, str], provider: str) -> None:
    response = await client.get("/api/read/me/library", params={"provider": provider}, headers=user_headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["query", "provider"]


@pytest.mark.parametrize("path", ME_PATHS)
async def test_redis_down_is_503(dead_client: httpx.AsyncClient, user_headers: dict[str, str], path: str) -> None:
    response = await dead_client.get(path, headers=user_headers)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
