from __future__ import annotations

from typing import Any

import httpx
import pytest

IMPORT = "/api/v1/internal/import/titles"


async def seed(client: httpx.AsyncClient, internal: dict[str, str], pg: Any) -> None:
    titles = [
        {
            "source_id": "1",
            "title": "Naruto",
            "alternative_titles": ["Наруто"],
            "year": 2002,
            "status": "completed",
            "genres": ["Action", "Adventure"],
        },
        {
            "source_id": "2",
            "title": "Bleach",
            "alternative_titles": ["Блич"],
            "year": 2004,
            "status": "completed",
            "genres": ["action"],
        },
        {
            "source_id": "3",
            "title": "Ван Пис",
            "alternative_titles": ["One Piece"],
            "year": 1999,
            "status": "ongoing",
            "genres": ["Приключения"],
        },
        {"source_id": "4", "title": "Hidden", "year": 2010},
        {"source_id": "5", "title": "100%_done", "year": None},
        {
            "source_id": "6",
            "title": "Frieren",
            "year": 2023,
            "episodes": [
                {
                    "source_episode_id": "6:2",
                    "number": 2,
                    "videos": [
                        {"type": "iframe", "url": "https://a.example/2-low", "source_name": "a", "priority": 1},
                        {"type": "iframe", "url": "https://a.example/2-high", "source_name": "a", "priority": 9},
                    ],
                },
                {
                    "source_episode_id": "6:1",
                    "number": 1,
                    "videos": [
                        {"type": "mp4", "url": "https://a.example/1-off", "source_name": "a", "priority": 50},
                    ],
                },
                {"source_episode_id": "6:3", "number": 3},
            ],
        },
    ]
    response = await client.post(IMPORT, json={"source_name": "s", "titles": titles}, headers=internal)
    assert response.status_code == 200
    await pg.execute("UPDATE anime SET is_active = false WHERE source_id = '4'")
    await pg.execute("UPDATE episodes SET is_active = false WHERE source_episode_id = '6:3'")
    await pg.execute("UPDATE video_sources SET is_active = false WHERE url LIKE '%1-off'")


@pytest.fixture
async def seeded(client: httpx.AsyncClient, internal: dict[str, str], pg: Any) -> httpx.AsyncClient:
    await seed(client, internal, pg)
    return client


def slugs(response: httpx.Response) -> list[str]:
    return [item["slug"] for item in response.json()]


class TestListAnime:
    async def test_active_only_sorted_by_title_with_total(self, seeded: httpx.AsyncClient) -> None:
        response = await seeded.get("/api/v1/anime")
        assert response.status_code == 200
        assert slugs(response) == ["100-done", "bleach", "frieren", "naruto", "van-pis"]
        assert response.headers["x-total-count"] == "5"
        item = response.json()[1]
        assert set(item) >= {"id", "title", "slug", "description", "year", "status", "poster", "genres", "created_at"}
        assert "source_id" not in item

    async def test_paging_keeps_the_total(self, seeded: httpx.AsyncClient) -> None:
        response = await seeded.get("/api/v1/anime", params={"skip": 1, "limit": 2})
        assert slugs(response) == ["bleach", "frieren"]
        assert response.headers["x-total-count"] == "5"
        past = await seeded.get("/api/v1/anime", params={"skip": 50})
        assert (past.json(), past.headers["x-total-count"]) == ([], "5")

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"genre": "ACTION"}, ["bleach", "naruto"]),
            ({"genre": "приключения"}, ["van-pis"]),
            ({"year": 2002}, ["naruto"]),
            ({"year": 0}, ["100-done", "bleach", "frieren", "naruto", "van-pis"]),
            ({"status": "ongoing"}, ["van-pis"]),
            ({"q": "наРУТО"}, ["naruto"]),
            ({"q": "piece"}, ["van-pis"]),
            ({"q": "ван"}, ["van-pis"]),
            ({"q": "%"}, ["100-done"]),
            ({"q": "_"}, ["100-done"]),
            ({"q": "zzz"}, []),
            ({"sort": "-year"}, ["frieren", "bleach", "naruto", "van-pis", "100-done"]),
        ],
    )
    async def test_filters_search_and_sort(
        self, seeded: httpx.AsyncClient, params: dict[str, Any], expected: list[str]
    ) -> None:
        response = await seeded.get("/api/v1/anime", params=params)
        assert response.status_code == 200
        assert slugs(response) == expected
        assert response.headers["x-total-count"] == str(len(expected))

    async def test_sort_by_updated_at(self, seeded: httpx.AsyncClient, pg: Any) -> None:
        await pg.execute("UPDATE anime SET updated_at = now() + interval '1 hour' WHERE slug = 'bleach'")
        assert slugs(await seeded.get("/api/v1/anime", params={"sort": "-updated_at"}))[0] == "bleach"

    @pytest.mark.parametrize(
        "params",
        [{"status": "airing"}, {"limit": 0}, {"limit": 101}, {"skip": -1}, {"sort": "year"}, {"q": ""}, {"year": -1}],
    )
    async def test_invalid_parameters_are_422(self, client: httpx.AsyncClient, params: dict[str, Any]) -> None:
        response = await client.get("/api/v1/anime", params=params)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"


class TestAnimeDetail:
    async def test_detail(self, seeded: httpx.AsyncClient) -> None:
        response = await seeded.get("/api/v1/anime/naruto")
        body = response.json()
        assert (body["title"], body["alternative_titles"], body["genres"]) == (
            "Naruto",
            ["Наруто"],
            ["Action", "Adventure"],
        )
        assert body["updated_at"].endswith("Z")

    @pytest.mark.parametrize("slug", ["nope", "hidden"])
    async def test_missing_or_inactive_is_404(self, seeded: httpx.AsyncClient, slug: str) -> None:
        response = await seeded.get(f"/api/v1/anime/{slug}")
        assert response.status_code == 404
        assert response.json()["error"]["message"] == f"Anime not found: {slug}"


class TestEpisodes:
    async def test_active_episodes_and_sources_in_order(self, seeded: httpx.AsyncClient) -> None:
        body = (await seeded.get("/api/v1/anime/frieren/episodes")).json()
        assert [episode["number"] for episode in body] == [1, 2]
        assert body[0]["video_sources"] == []
        assert [source["url"] for source in body[1]["video_sources"]] == [
            "https://a.example/2-high",
            "https://a.example/2-low",
        ]
        assert "is_active" not in body[1]["video_sources"][0]

    async def test_anime_without_episodes_is_an_empty_list(self, seeded: httpx.AsyncClient) -> None:
        assert (await seeded.get("/api/v1/anime/naruto/episodes")).json() == []

    async def test_inactive_anime_is_404(self, seeded: httpx.AsyncClient) -> None:
        assert (await seeded.get("/api/v1/anime/hidden/episodes")).status_code == 404


class TestSearchUsesTheTrigramIndex:
    async def test_plan(self, pg: Any) -> None:
        await pg.execute("SET LOCAL enable_seqscan = off")
        plan = "\n".join(
            row[0] for row in await pg.fetch("EXPLAIN SELECT id FROM anime WHERE search_text LIKE '%naru%'")
        )
        assert "ix_anime_search_text_trgm" in plan
        plan = "\n".join(
            row[0] for row in await pg.fetch("EXPLAIN SELECT id FROM anime WHERE genres_lower @> ARRAY['action']")
        )
        assert "ix_anime_genres_lower" in plan
