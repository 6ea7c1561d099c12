"""Per-title state, "continue watching" and the library's read-time joins, end to end through the gateway:
progress PUT (translation, near-end) → outbox → projector → Redis → read-api."""

from __future__ import annotations

from typing import Any

import httpx

from tests.e2e.helpers import assert_error, eventually, register

CATCH_UP_SECONDS = 10.0


async def first_title_with_two_episodes(gw: httpx.AsyncClient) -> tuple[str, list[dict[str, Any]]]:
    catalog = await gw.get("/api/v1/anime", params={"limit": 100})
    for item in catalog.json():
        episodes = (await gw.get(f"/api/read/anime/{item['slug']}")).json().get("episodes", [])
        if len(episodes) >= 2:
            return item["slug"], episodes
    raise AssertionError("the seeded catalog has no title with two episodes")


async def test_title_state_continue_and_library(gw: httpx.AsyncClient) -> None:
    user = await register(gw)
    slug, episodes = await eventually(
        lambda: first_title_with_two_episodes(gw), lambda found: bool(found[0]), what="a projected title"
    )
    untouched = await gw.get(f"/api/read/me/titles/{slug}", headers=user.headers)
    assert untouched.status_code == 200
    assert untouched.json() == {
        "title_id": slug,
        "provider": "rpc",
        "library": None,
        "translation_id": None,
        "progress": [],
    }

    first = episodes[0]["id"]
    body = {"title_id": slug, "position_seconds": 19.0, "duration_seconds": 20.0, "translation_id": "610"}
    saved = await gw.put(f"/api/v1/me/progress/{first}", json=body, headers=user.headers)
    assert saved.status_code == 200, saved.text
    assert (saved.json()["translation_id"], saved.json()["watched"]) == ("610", True)

    state = await eventually(
        lambda: gw.get(f"/api/read/me/titles/{slug}", headers=user.headers),
        lambda response: response.status_code == 200 and bool(response.json()["progress"]),
        timeout=CATCH_UP_SECONDS,
        what="the title model",
    )
    model = state.json()
    assert model["translation_id"] == "610"
    assert model["library"]["status"] == "watching"
    assert model["library"]["episodes_watched"] == 1
    assert model["progress"][0]["episode"] == {"number": episodes[0]["number"], "season": episodes[0]["season"]}
    assert state.headers["cache-control"] == "private, no-cache"

    row = (await gw.get("/api/read/me/continue", headers=user.headers)).json()
    assert [item["title_id"] for item in row] == [slug]
    assert row[0]["episode"]["watched"] is True
    assert row[0]["next"]["id"] == episodes[1]["id"]
    assert row[0]["anime"]["slug"] == slug

    library = await eventually(
        lambda: gw.get("/api/read/me/library", headers=user.headers),
        lambda response: response.status_code == 200 and bool(response.json()),
        timeout=CATCH_UP_SECONDS,
        what="the library model",
    )
    [entry] = library.json()
    assert entry["anime"]["episodes_total"] == len(episodes)
    assert entry["last_watched_at"] is not None

    progress = (await gw.get("/api/read/me/progress", headers=user.headers)).json()
    assert [(item["translation_id"], item["watched"]) for item in progress] == [("610", True)]

    history = (await gw.get("/api/v1/me/history", headers=user.headers)).json()
    assert history[0]["anime"]["slug"] == slug
    assert history[0]["episode"]["number"] == episodes[0]["number"]

    # translation kept when the player omits it
    kept = await gw.put(f"/api/v1/me/progress/{first}", json={**body, "translation_id": None}, headers=user.headers)
    assert kept.json()["translation_id"] == "610"


async def test_new_routes_validate_and_authenticate(gw: httpx.AsyncClient) -> None:
    assert_error(await gw.get("/api/read/me/continue"), 401, "HTTP_ERROR", "Not authenticated")
    user = await register(gw)
    assert_error(await gw.get("/api/read/me/continue?limit=0", headers=user.headers), 422, "VALIDATION_ERROR")
    assert_error(await gw.get("/api/read/me/titles/" + "x" * 256, headers=user.headers), 422, "VALIDATION_ERROR")
