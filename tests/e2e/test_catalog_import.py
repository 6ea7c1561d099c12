"""The public catalog (through the gateway) and the parser's internal import API (on write-api directly, as the
parser calls it: the gateway does not route it).

The stack was seeded by the real parser (`ani-parser run --mode full`) against the fake providers, straight into
write-api, so the demo catalog is already there.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.devstack.stack import Stack
from tests.e2e.helpers import assert_error

LIST_FIELDS = ["id", "title", "slug", "description", "year", "status", "poster", "genres", "created_at"]


def parser_summary(stack: Stack) -> dict[str, Any]:
    summary: dict[str, Any] = json.loads((Path(stack.options.data_dir) / "parser" / "last-run.json").read_text())
    return summary


async def test_the_parser_seeded_the_catalog(stack: Stack, gw: httpx.AsyncClient) -> None:
    summary = parser_summary(stack)
    assert summary["ok"] is True
    assert summary["new"] > 10
    assert summary["failed"] == 0

    first = await gw.get("/api/v1/anime", params={"limit": 100})
    assert first.status_code == 200
    total = int(first.headers["x-total-count"])
    assert total >= summary["new"]
    items = first.json()
    assert list(items[0]) == LIST_FIELDS
    titles = [item["title"] for item in items]
    assert titles == sorted(titles, key=lambda title: title.encode())
    assert len(items) == min(total, 100)


async def test_detail_and_episodes_of_a_seeded_title(gw: httpx.AsyncClient) -> None:
    items = (await gw.get("/api/v1/anime", params={"limit": 100})).json()
    # A seeded title with several seasons of episodes and players (the fake providers serve several translations).
    for item in items:
        episodes = await gw.get(f"/api/v1/anime/{item['slug']}/episodes")
        assert episodes.status_code == 200
        if len({episode["season"] for episode in episodes.json()}) > 1:
            break
    else:
        pytest.fail("no seeded title has episodes")

    detail = await gw.get(f"/api/v1/anime/{item['slug']}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["id"] == item["id"]
    assert {"alternative_titles", "updated_at"} <= set(body)
    for hidden in ("source_name", "source_id", "is_active", "admin_modified"):
        assert hidden not in body
    order = [(episode["season"] or 0, episode["number"]) for episode in episodes.json()]
    assert order == sorted(order)
    sources = [source for episode in episodes.json() for source in episode["video_sources"]]
    assert sources
    assert all(source["type"] in {"iframe", "embed", "m3u8", "mp4"} for source in sources)
    for episode in episodes.json():
        priorities = [source["priority"] for source in episode["video_sources"]]
        assert priorities == sorted(priorities, reverse=True)


async def test_catalog_filters_paging_and_errors(gw: httpx.AsyncClient) -> None:
    everything = (await gw.get("/api/v1/anime", params={"limit": 100})).json()
    page = await gw.get("/api/v1/anime", params={"skip": 2, "limit": 3})
    assert [item["slug"] for item in page.json()] == [item["slug"] for item in everything[2:5]]

    year = next(item["year"] for item in everything if item["year"])
    by_year = (await gw.get("/api/v1/anime", params={"year": year, "limit": 100})).json()
    assert by_year
    assert all(item["year"] == year for item in by_year)

    genre = next(item["genres"][0] for item in everything if item["genres"])
    by_genre = (await gw.get("/api/v1/anime", params={"genre": genre.upper(), "limit": 100})).json()
    assert by_genre
    assert all(genre.lower() in [g.lower() for g in item["genres"]] for item in by_genre)

    word = everything[0]["title"].split()[0].lower()
    found = (await gw.get("/api/v1/anime", params={"q": word, "limit": 100})).json()
    assert everything[0]["slug"] in [item["slug"] for item in found]

    assert_error(await gw.get("/api/v1/anime", params={"status": "airing"}), 422, "VALIDATION_ERROR")
    assert_error(await gw.get("/api/v1/anime", params={"limit": 101}), 422, "VALIDATION_ERROR")
    assert_error(await gw.get("/api/v1/anime", params={"skip": -1}), 422, "VALIDATION_ERROR")
    assert_error(await gw.get("/api/v1/anime", params={"sort": "random"}), 422, "VALIDATION_ERROR")
    missing = await gw.get("/api/v1/anime/no-such-title")
    assert_error(missing, 404, "NOT_FOUND", "Anime not found: no-such-title")
    assert_error(await gw.get("/api/v1/anime/no-such-title/episodes"), 404, "NOT_FOUND")


async def test_internal_import_requires_the_internal_token(
    stack: Stack, gw: httpx.AsyncClient, internal: httpx.AsyncClient
) -> None:
    body = {"source_name": "e2e", "titles": [{"source_id": "x", "title": "X"}]}
    missing = await internal.post("/api/v1/internal/import/titles", json=body)
    assert_error(missing, 401, "HTTP_ERROR", "Not authenticated")
    wrong = await internal.post("/api/v1/internal/import/titles", json=body, headers={"X-Internal-Token": "wrong"})
    assert_error(wrong, 403, "HTTP_ERROR", "Invalid internal token")
    # The token is checked before the body: a bad token with a bad body is still 403.
    bad_both = await internal.post("/api/v1/internal/import/anime", json={}, headers={"X-Internal-Token": "wrong"})
    assert_error(bad_both, 403, "HTTP_ERROR", "Invalid internal token")
    # A user's access token is not an internal token.
    assert (
        await internal.post("/api/v1/internal/import/titles", json=body, headers={"Authorization": "Bearer x"})
    ).status_code == 401


def new_title(source_id: str, title: str, *, host: str) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "title": title,
        "alternative_titles": [f"{title} alt"],
        "description": "An end-to-end test title.",
        "year": 2024,
        "status": "ongoing",
        "poster": f"https://{host}/poster.jpg",
        "genres": ["Drama"],
        "episodes": [
            {
                "source_episode_id": f"{source_id}-e{number}",
                "number": number,
                "title": f"Episode {number}",
                "videos": [
                    {
                        "type": "iframe",
                        "url": f"//{host}/player/{source_id}/{number}",
                        "source_name": "kodik",
                        "priority": 1,
                    },
                    {
                        "type": "iframe",
                        "url": f"https://{host}/alt/{source_id}/{number}",
                        "source_name": "alt",
                        "priority": 5,
                    },
                ],
            }
            for number in (1, 2)
        ],
    }


async def test_import_titles_then_read_it_back_from_the_catalog(
    stack: Stack, gw: httpx.AsyncClient, internal: httpx.AsyncClient
) -> None:
    headers = {"X-Internal-Token": stack.internal_token}
    tag = uuid.uuid4().hex[:8]
    payload = {"source_name": "e2e", "titles": [new_title(f"e2e-{tag}", f"Zz E2E Import {tag}", host="cdn.example")]}

    created = await internal.post("/api/v1/internal/import/titles", json=payload, headers=headers)
    assert created.status_code == 200, created.text
    [result] = created.json()["results"]
    assert result["status"] == "created"
    assert result["error"] is None
    slug = result["slug"]
    assert slug == f"zz-e2e-import-{tag}"

    again = await internal.post("/api/v1/internal/import/titles", json=payload, headers=headers)
    assert again.json()["results"][0]["status"] == "unchanged"

    detail = await gw.get(f"/api/v1/anime/{slug}")
    assert detail.status_code == 200
    assert detail.json()["alternative_titles"] == [f"Zz E2E Import {tag} alt"]
    episodes = (await gw.get(f"/api/v1/anime/{slug}/episodes")).json()
    assert [episode["number"] for episode in episodes] == [1, 2]
    urls = [source["url"] for source in episodes[0]["video_sources"]]
    assert urls == [f"https://cdn.example/alt/e2e-{tag}/1", f"https://cdn.example/player/e2e-{tag}/1"]  # by priority
    listed = (await gw.get("/api/v1/anime", params={"q": f"import {tag}"})).json()
    assert [item["slug"] for item in listed] == [slug]


async def test_import_rejects_bad_payloads_whole(
    stack: Stack, gw: httpx.AsyncClient, internal: httpx.AsyncClient
) -> None:
    headers = {"X-Internal-Token": stack.internal_token}
    tag = uuid.uuid4().hex[:8]
    title = new_title(f"e2e-bad-{tag}", f"Bad {tag}", host="cdn.example")
    title["episodes"][0]["videos"][0]["url"] = "javascript:alert(1)"
    response = await internal.post(
        "/api/v1/internal/import/titles", json={"source_name": "e2e", "titles": [title]}, headers=headers
    )
    assert_error(response, 422, "VALIDATION_ERROR")
    duplicate = new_title(f"e2e-dup-{tag}", f"Dup {tag}", host="cdn.example")
    duplicate["episodes"][1]["source_episode_id"] = duplicate["episodes"][0]["source_episode_id"]
    response = await internal.post(
        "/api/v1/internal/import/titles", json={"source_name": "e2e", "titles": [duplicate]}, headers=headers
    )
    assert_error(response, 422, "VALIDATION_ERROR")
    assert (await gw.get("/api/v1/anime", params={"q": tag})).json() == []  # nothing half-written


async def test_the_reference_import_routes(stack: Stack, gw: httpx.AsyncClient, internal: httpx.AsyncClient) -> None:
    headers = {"X-Internal-Token": stack.internal_token}
    tag = uuid.uuid4().hex[:8]
    anime = await internal.post(
        "/api/v1/internal/import/anime",
        json={"source_name": "e2e", "source_id": tag, "title": f"Legacy {tag}", "status": "completed"},
        headers=headers,
    )
    assert anime.status_code == 200
    assert anime.json() == {"success": True, "message": f"Anime imported successfully: Legacy {tag}", "errors": None}

    episodes = await internal.post(
        "/api/v1/internal/import/episodes",
        json={
            "source_name": "e2e",
            "anime_source_id": tag,
            "episodes": [{"source_episode_id": f"{tag}-1", "number": 1}],
        },
        headers=headers,
    )
    assert episodes.status_code == 200
    assert episodes.json() == {"success": True, "total": 1, "imported": 1, "errors": []}
    unknown = await internal.post(
        "/api/v1/internal/import/episodes",
        json={"source_name": "e2e", "anime_source_id": "nope", "episodes": [{"source_episode_id": "n", "number": 1}]},
        headers=headers,
    )
    assert_error(unknown, 404, "NOT_FOUND", "Anime not found: e2e/nope")
    empty = await internal.post(
        "/api/v1/internal/import/episodes",
        json={"source_name": "e2e", "anime_source_id": tag, "episodes": []},
        headers=headers,
    )
    assert_error(empty, 422, "VALIDATION_ERROR")

    player = {"type": "iframe", "url": f"https://cdn.example/{tag}", "source_name": "kodik"}
    video = await internal.post(
        "/api/v1/internal/import/video",
        json={"source_name": "e2e", "source_episode_id": f"{tag}-1", "anime_source_id": tag, "player": player},
        headers=headers,
    )
    assert video.status_code == 200
    assert video.json() == {"success": True, "message": "Video source imported successfully", "errors": None}
    no_episode = await internal.post(
        "/api/v1/internal/import/video",
        json={"source_name": "e2e", "source_episode_id": "nope", "player": player},
        headers=headers,
    )
    assert_error(no_episode, 404, "NOT_FOUND", "Episode not found: e2e/nope")

    slug = f"legacy-{tag}"
    [episode] = (await gw.get(f"/api/v1/anime/{slug}/episodes")).json()
    assert [source["url"] for source in episode["video_sources"]] == [f"https://cdn.example/{tag}"]
