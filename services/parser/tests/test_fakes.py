# ruff: noqa: RUF001
from __future__ import annotations

import io
import re
import wave

import httpx

from ani_parser.fakes import FakeProviders, create_fake_providers_app, demo_catalog
from ani_parser.fakes.media import PLAYER_EVENTS

TOKEN = "kodik-secret-token-123"


def client(fake: FakeProviders) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_fake_providers_app(fake)), base_url="https://fake.test"
    )


def test_demo_catalog_covers_the_required_cases() -> None:
    titles = demo_catalog().titles
    assert len(titles) >= 60
    assert any(re.search("[а-яё]", t.russian, re.IGNORECASE) for t in titles)
    assert any(t.name.isascii() for t in titles)
    assert any(len([s for s in t.seasons if s > 0]) >= 3 for t in titles)
    assert any(t.is_movie for t in titles)
    assert {"ongoing", "released", "anons"} <= {t.status for t in titles}
    assert any(
        {tr.type for tr in t.translations} == {"voice", "subtitles"} and len(t.translations) >= 3 for t in titles
    )
    assert any(0 in t.seasons for t in titles)
    assert any(tr.blocked_countries for t in titles for tr in t.translations)
    assert any(not t.on_shikimori and t.has_shikimori_id for t in titles)
    assert any(not t.has_shikimori_id for t in titles)
    assert len({t.shikimori_id for t in titles}) == len(titles)
    assert demo_catalog().titles[30].russian == titles[30].russian  # deterministic


async def test_list_has_the_real_envelope_and_a_next_cursor(fake: FakeProviders) -> None:
    async with client(fake) as http:
        body = (await http.get("/list", params={"token": TOKEN, "limit": 5})).json()
    assert set(body) == {"time", "total", "prev_page", "next_page", "results"}
    assert "next=" in body["next_page"]
    assert len(body["results"]) == 5
    item = body["results"][0]
    assert isinstance(item["shikimori_id"], str)
    assert item["link"].startswith("//fake.test/")
    assert {"id", "title", "translation", "updated_at", "material_data", "quality"} <= set(item)


async def test_search_seasons_shapes(fake: FakeProviders) -> None:
    async with client(fake) as http:
        plain = (await http.get("/search", params={"token": TOKEN, "shikimori_id": 20, "with_episodes": "true"})).json()
        data = (
            await http.get("/search", params={"token": TOKEN, "shikimori_id": 20, "with_episodes_data": "true"})
        ).json()
        movie = (
            await http.get("/search", params={"token": TOKEN, "shikimori_id": 199, "with_episodes": "true"})
        ).json()
    assert isinstance(plain["results"][0]["seasons"]["1"]["episodes"]["1"], str)
    assert set(data["results"][0]["seasons"]["1"]["episodes"]["1"]) == {"title", "link", "screenshots"}
    assert movie["results"]
    assert all("seasons" not in r and r["type"] == "anime" for r in movie["results"])


async def test_shikimori_rest_graphql_and_404(fake: FakeProviders) -> None:
    async with client(fake) as http:
        rest = (await http.get("/api/animes/20")).json()
        missing = await http.get("/api/animes/99999001")
        graphql = (
            await http.post("/api/graphql", json={"query": '{ animes(ids: "20,1535", limit: 2) { id } }'})
        ).json()
    assert rest["russian"] == "Наруто"
    assert rest["image"]["original"].startswith("/system/animes/original/20")
    assert missing.status_code == 404
    assert [a["id"] for a in graphql["data"]["animes"]] == ["20", "1535"]


async def test_posters_player_page_and_clip(fake: FakeProviders) -> None:
    async with client(fake) as http:
        poster = await http.get("/system/animes/original/20.svg")
        page = await http.get("/seria/123/abc/720p", params={"season": 2, "episode": 5})
        clip = await http.get("/clip.wav")
        not_player = await http.get("/nope/1/abc/720p")
    assert poster.headers["content-type"] == "image/svg+xml"
    assert "<svg" in poster.text
    assert "Наруто" in poster.text
    assert page.headers["content-type"].startswith("text/html")
    for event in PLAYER_EVENTS:
        assert event in page.text
    assert "kodik_player_api" in page.text
    assert "event.source !== window.parent" in page.text
    assert "/clip.wav" in page.text
    with wave.open(io.BytesIO(clip.content)) as audio:
        assert 5 <= audio.getnframes() / audio.getframerate() <= 60
    assert not_player.status_code == 404


async def test_clip_answers_byte_ranges_so_players_can_seek(fake: FakeProviders) -> None:
    async with client(fake) as http:
        whole = await http.get("/clip.wav")
        part = await http.get("/clip.wav", headers={"Range": "bytes=100-199"})
        tail = await http.get("/clip.wav", headers={"Range": "bytes=-10"})
        open_ended = await http.get("/clip.wav", headers={"Range": "bytes=160000-"})
        past = await http.get("/clip.wav", headers={"Range": "bytes=999999999-"})
    size = len(whole.content)
    assert whole.headers["accept-ranges"] == "bytes"
    assert part.status_code == 206
    assert part.content == whole.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{size}"
    assert tail.content == whole.content[-10:]
    assert open_ended.content == whole.content[160000:]
    assert past.status_code == 416
    assert past.headers["content-range"] == f"bytes */{size}"


async def test_fault_switch_endpoint(fake: FakeProviders) -> None:
    async with client(fake) as http:
        await http.post("/_faults", json={"faults": [{"kind": "429", "count": 1, "path": "/list"}]})
        first = await http.get("/list", params={"token": TOKEN})
        second = await http.get("/list", params={"token": TOKEN})
        wrong = await http.get("/list", params={"token": "nope"})
    assert first.status_code == 429
    assert "retry-after" in first.headers
    assert second.status_code == 200
    assert wrong.status_code == 403
    assert "error" in wrong.json()
