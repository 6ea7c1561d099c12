"""The read path end to end: write-api → outbox → projector → Redis → read-api, all through the gateway.

Needs the projector (`python -m ani_write.projector`, a required part of the stack). Every check
that waits for the projector polls with a bounded timeout: the read models must catch up within seconds.
"""

from __future__ import annotations

import json
import uuid
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from scripts.devstack.stack import Stack
from tests.e2e.helpers import assert_error, assert_security_headers, eventually, register

CATCH_UP_SECONDS = 5.0
CATALOG_FIELDS = [
    "id",
    "slug",
    "title",
    "poster",
    "year",
    "status",
    "genres",
    "alternative_titles",
    "is_active",
    "last_updated",
    "episodes_total",
    "latest_episode_at",
]


async def get_json(client: httpx.AsyncClient, path: str, **kwargs: Any) -> tuple[int, Any]:
    response = await client.get(path, **kwargs)
    return response.status_code, (response.json() if response.content else None)


def test_the_stack_runs_the_projector(stack: Stack) -> None:
    """Started by this run or attached to (ANI_E2E_REUSE=1: `stack.processes` is then empty), the stack's pid file
    (written by whoever started it) names a projector that is still running."""
    pids: dict[str, int] = json.loads((stack.options.data_dir / "pids.json").read_text())
    assert "projector" in pids, f"no projector in {sorted(pids)}"
    proc = Path(f"/proc/{pids['projector']}")
    try:
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        state, command = "gone", ""
    assert state not in ("gone", "Z", "X"), f"the projector (pid {pids['projector']}) is {state}"
    assert "ani_write.projector" in command, f"pid {pids['projector']} is not the projector: {command!r}"
    if stack.processes:  # started by this run (attached: none of them is ours)
        assert [process.alive() for process in stack.processes if process.name == "projector"] == [True]


async def test_the_seeded_catalog_is_projected(gw: httpx.AsyncClient) -> None:
    write_side = await gw.get("/api/v1/anime", params={"limit": 100})
    total = int(write_side.headers["x-total-count"])

    read_side = await eventually(
        lambda: gw.get("/api/read/anime", params={"limit": 100}),
        lambda response: response.status_code == 200 and int(response.headers["x-total-count"]) == total,
        timeout=15,
        what="the projected catalog to hold every imported title",
    )
    items = read_side.json()
    assert list(items[0]) == CATALOG_FIELDS
    assert [item["slug"] for item in items] == [item["slug"] for item in write_side.json()]  # same order
    assert all(item["is_active"] is True for item in items)

    etag = read_side.headers["etag"]
    cached = await gw.get("/api/read/anime", params={"limit": 100}, headers={"If-None-Match": etag})
    assert cached.status_code == 304


async def multi_season_slug(gw: httpx.AsyncClient) -> str:
    """A seeded title whose episodes span several seasons (the fake providers serve some)."""
    for item in (await gw.get("/api/v1/anime", params={"limit": 100})).json():
        episodes = (await gw.get(f"/api/v1/anime/{item['slug']}/episodes")).json()
        if len({episode["season"] for episode in episodes}) > 1:
            return str(item["slug"])
    raise AssertionError("no seeded title has episodes in several seasons")


async def test_a_projected_detail_matches_the_catalog(gw: httpx.AsyncClient) -> None:
    first = (await gw.get("/api/v1/anime", params={"limit": 1})).json()[0]["slug"]
    for slug in (first, await multi_season_slug(gw)):
        await detail_matches_the_write_side(gw, slug)


async def detail_matches_the_write_side(gw: httpx.AsyncClient, slug: str) -> None:
    write_detail = (await gw.get(f"/api/v1/anime/{slug}")).json()
    write_episodes = (await gw.get(f"/api/v1/anime/{slug}/episodes")).json()

    response = await eventually(
        lambda: gw.get(f"/api/read/anime/{slug}"),
        lambda response: response.status_code == 200,
        timeout=15,
        what=f"the detail of {slug}",
    )
    detail = response.json()
    assert detail["id"] == write_detail["id"]
    assert detail["title"] == write_detail["title"]
    # Same episodes in the same order (season NULLS FIRST, number, id), each with its season (docs/contract.md F29).
    assert [(episode["id"], episode["season"], episode["number"]) for episode in detail["episodes"]] == [
        (episode["id"], episode["season"], episode["number"]) for episode in write_episodes
    ]
    for episode in detail["episodes"]:
        priorities = [source["priority"] for source in episode["video_sources"]]
        assert priorities == sorted(priorities, reverse=True)
    assert (
        await gw.get(f"/api/read/anime/{slug}", headers={"If-None-Match": response.headers["etag"]})
    ).status_code == 304


async def test_an_import_reaches_the_read_models(
    stack: Stack, gw: httpx.AsyncClient, internal: httpx.AsyncClient
) -> None:
    tag = uuid.uuid4().hex[:8]
    title = {
        "source_id": f"read-{tag}",
        "title": f"Read Path {tag}",
        "year": 2025,
        "status": "upcoming",
        "genres": ["Mystery"],
        "episodes": [
            {
                "source_episode_id": f"read-{tag}-1",
                "number": 1,
                "videos": [{"type": "iframe", "url": f"https://cdn.example/{tag}", "source_name": "kodik"}],
            }
        ],
    }
    imported = await internal.post(
        "/api/v1/internal/import/titles",
        json={"source_name": "e2e", "titles": [title]},
        headers={"X-Internal-Token": stack.internal_token},
    )
    slug = imported.json()["results"][0]["slug"]

    await eventually(
        lambda: get_json(gw, f"/api/read/anime/{slug}"),
        lambda result: result[0] == 200 and len(result[1]["episodes"]) == 1,
        timeout=CATCH_UP_SECONDS,
        what="the imported title's detail",
    )
    _, items = await eventually(
        lambda: get_json(gw, "/api/read/anime", params={"q": f"read path {tag}"}),
        lambda result: result[0] == 200 and len(result[1]) == 1,
        timeout=CATCH_UP_SECONDS,
        what="the imported title in the catalog",
    )
    assert items[0]["slug"] == slug
    assert items[0]["status"] == "upcoming"


async def test_user_writes_reach_the_user_read_models(gw: httpx.AsyncClient) -> None:
    user = await register(gw)
    assert (
        await gw.put("/api/v1/me/library/ataka-titanov", json={"status": "planned"}, headers=user.headers)
    ).is_success
    await eventually(
        lambda: get_json(gw, "/api/read/me/library", headers=user.headers),
        lambda result: (
            result[0] == 200 and [(e["title_id"], e["status"]) for e in result[1]] == [("ataka-titanov", "planned")]
        ),
        timeout=CATCH_UP_SECONDS,
        what="the library read model",
    )

    progress = {"title_id": "ataka-titanov", "position_seconds": 42.0, "duration_seconds": 1400.0}
    assert (await gw.put("/api/v1/me/progress/ep-7", json=progress, headers=user.headers)).is_success
    await eventually(
        lambda: get_json(gw, "/api/read/me/progress", headers=user.headers),
        lambda result: (
            result[0] == 200 and [(e["episode_id"], e["position_seconds"]) for e in result[1]] == [("ep-7", 42.0)]
        ),
        timeout=CATCH_UP_SECONDS,
        what="the progress read model",
    )
    await eventually(
        lambda: get_json(gw, "/api/read/me/history/last", headers=user.headers),
        lambda result: result[0] == 200 and result[1] is not None and result[1]["episode_id"] == "ep-7",
        timeout=CATCH_UP_SECONDS,
        what="the last history entry",
    )

    assert (await gw.delete("/api/v1/me/history", headers=user.headers)).is_success
    await eventually(
        lambda: get_json(gw, "/api/read/me/history/last", headers=user.headers),
        lambda result: result == (200, None),
        timeout=CATCH_UP_SECONDS,
        what="history-last to become null after clearing the history",
    )
    assert (await gw.delete("/api/v1/me/library/ataka-titanov", headers=user.headers)).is_success
    await eventually(
        lambda: get_json(gw, "/api/read/me/library", headers=user.headers),
        lambda result: result == (200, []),
        timeout=CATCH_UP_SECONDS,
        what="the library read model to be empty",
    )


async def test_a_user_who_never_wrote_has_no_read_models(gw: httpx.AsyncClient) -> None:
    user = await register(gw)
    assert_error(
        await gw.get("/api/read/me/progress", headers=user.headers), 404, frozenset({"NOT_FOUND", "HTTP_ERROR"})
    )


async def test_both_apis_page_the_catalog_identically(gw: httpx.AsyncClient) -> None:
    """read-api's indexes and write-api's SQL use one total order per sort (title bytes, then slug)."""

    async def both(sort: str) -> tuple[list[str], list[str]]:
        params: dict[str, str | int] = {"sort": sort, "limit": 100, "skip": 3}
        write_side = (await gw.get("/api/v1/anime", params=params)).json()
        read_side = (await gw.get("/api/read/anime", params=params)).json()
        return [item["slug"] for item in write_side], [item["slug"] for item in read_side]

    for sort in ("title", "-year", "-updated_at"):
        write_slugs, _ = await eventually(
            partial(both, sort),
            lambda pages: pages[0] == pages[1],
            timeout=CATCH_UP_SECONDS,
            what=f"identical pages for sort={sort}",
        )
        assert len(write_slugs) > 10


async def test_the_genre_facet_counts_the_catalog(gw: httpx.AsyncClient) -> None:
    """`/api/read/genres` (docs/contract.md F30): every genre of the active catalog once, counted like `?genre=`."""

    async def both() -> tuple[dict[str, int], httpx.Response]:
        expected: dict[str, int] = {}
        skip = 0
        while True:
            page = await gw.get("/api/v1/anime", params={"limit": 100, "skip": skip})
            for item in page.json():
                for genre in {genre.lower() for genre in item["genres"] or []}:  # null: the provider gave none
                    expected[genre] = expected.get(genre, 0) + 1
            skip += 100
            if skip >= int(page.headers["x-total-count"]):
                return expected, await gw.get("/api/read/genres")

    expected, response = await eventually(
        both,
        lambda pair: (
            pair[1].status_code == 200
            and {entry["name"].lower(): entry["count"] for entry in pair[1].json()} == pair[0]
        ),
        timeout=15,
        what="the genre facet to count the write-side catalog",
    )
    assert expected
    names = [entry["name"] for entry in response.json()]
    assert names == sorted(names)
    assert_security_headers(response)
    assert response.headers["cache-control"] == "public, max-age=10, stale-while-revalidate=30"
    name, count = names[0], response.json()[0]["count"]
    filtered = await gw.get("/api/read/anime", params={"genre": name, "limit": 1})
    assert int(filtered.headers["x-total-count"]) == count
    etag = response.headers["etag"]
    for _ in range(4):  # both read-api instances: the ETag is the catalog version, stored in Redis
        cached = await gw.get("/api/read/genres", headers={"If-None-Match": etag})
        assert cached.status_code == 304
        assert cached.headers["etag"] == etag
    head = await gw.head("/api/read/genres")
    assert head.status_code == 200
    assert head.content == b""
