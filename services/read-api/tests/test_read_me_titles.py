"""The viewer models joined at read time: /me/titles/{title_id}, /me/continue, and the library/progress joins."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import orjson
import pytest
from redis.asyncio import Redis

from ani_common.readmodels import keys
from ani_common.readmodels.reader import ReadModelReader, StoredModel
from ani_common.readmodels.shapes import (
    LibraryEntry,
    TitleEpisode,
    TitleLibrary,
    TitleModel,
    TitleProgress,
    dumps,
)
from ani_common.readmodels.writer import ReadModelWriter
from ani_common.testing.keys import TestSigner
from ani_common.tokens import PrincipalKind
from tests.factories import T0, anime_detail, catalog_item


def episode_id(slug: str, number: int) -> str:
    return str(anime_detail(slug, slug.title()).episodes[number - 1].id)


def row(
    slug: str, number: int, minutes: int, *, watched: bool = False, translation: str | None = None
) -> TitleProgress:
    return TitleProgress(
        episode_id=episode_id(slug, number),
        title_id=slug,
        provider="rpc",
        position_seconds=19.0 if watched else 12.0,
        duration_seconds=20.0,
        translation_id=translation,
        watched=watched,
        updated_at=T0 + timedelta(minutes=minutes),
        episode=TitleEpisode(number=number, season=1),
    )


def status(value: str) -> TitleLibrary:
    return TitleLibrary(status=value, is_favorite=False, score=None, episodes_watched=1, updated_at=T0)


async def put_anime(writer: ReadModelWriter, slug: str, episodes: int = 2) -> None:
    detail = anime_detail(slug, slug.title(), episodes)
    item = catalog_item(slug, slug.title(), episodes_total=episodes, latest_episode_at=T0 + timedelta(days=1))
    await writer.put_anime(item, detail)


async def put_title(
    writer: ReadModelWriter, slug: str, *rows: TitleProgress, library: TitleLibrary | None = None
) -> None:
    assert await writer.put_title(1, TitleModel(slug, "rpc", library, rows))


class TestTitle:
    async def test_a_title_never_touched_is_an_empty_model(
        self, client: httpx.AsyncClient, user_headers: dict[str, str]
    ) -> None:
        response = await client.get("/api/read/me/titles/naruto", headers=user_headers)
        assert response.status_code == 200
        assert response.json() == {
            "title_id": "naruto",
            "provider": "rpc",
            "library": None,
            "translation_id": None,
            "progress": [],
        }
        assert response.headers["cache-control"] == "private, no-cache"
        assert "Authorization" in response.headers["vary"]
        again = await client.get(
            "/api/read/me/titles/naruto", headers={**user_headers, "If-None-Match": response.headers["etag"]}
        )
        assert again.status_code == 304

    async def test_the_stored_model_with_translation_and_episode(
        self, client: httpx.AsyncClient, writer: ReadModelWriter, user_headers: dict[str, str]
    ) -> None:
        rows = (row("naruto", 2, 5), row("naruto", 1, 1, watched=True, translation="610"))
        await put_title(writer, "naruto", *rows, library=status("watching"))
        response = await client.get("/api/read/me/titles/naruto", headers=user_headers)
        body = response.json()
        assert response.content == dumps(TitleModel("naruto", "rpc", status("watching"), rows))
        assert body["translation_id"] == "610"  # the newest row that has one
        assert [item["episode"] for item in body["progress"]] == [
            {"number": 2, "season": 1},
            {"number": 1, "season": 1},
        ]
        assert body["library"]["status"] == "watching"
        head = await client.head("/api/read/me/titles/naruto", headers=user_headers)
        assert head.status_code == 200
        assert head.content == b""
        other = await client.get("/api/read/me/titles/naruto?provider=shiki", headers=user_headers)
        assert other.json()["progress"] == []

    async def test_validation_and_auth(self, client: httpx.AsyncClient, user_headers: dict[str, str]) -> None:
        long = await client.get("/api/read/me/titles/" + "x" * 256, headers=user_headers)
        assert long.status_code == 422
        assert long.json()["error"]["details"][0]["loc"] == ["path", "title_id"]
        bad = await client.get("/api/read/me/titles/naruto?provider=BAD", headers=user_headers)
        assert bad.status_code == 422
        assert (await client.get("/api/read/me/titles/naruto")).status_code == 401


class TestContinue:
    async def test_newest_first_with_next_and_filters(
        self, client: httpx.AsyncClient, writer: ReadModelWriter, user_headers: dict[str, str]
    ) -> None:
        for slug in ("naruto", "bleach", "done", "dropped", "finished"):
            await put_anime(writer, slug)
        await put_title(writer, "naruto", row("naruto", 1, 10, watched=True, translation="610"))
        await put_title(writer, "bleach", row("bleach", 2, 20))
        await put_title(writer, "done", row("done", 1, 30), library=status("completed"))
        await put_title(writer, "dropped", row("dropped", 1, 40), library=status("dropped"))
        await put_title(writer, "finished", row("finished", 2, 50, watched=True))  # last episode watched
        await put_title(writer, "orphan", row("orphan", 1, 5))  # not in the catalog, not watched: kept
        await put_title(writer, "orphan-done", row("orphan-done", 1, 6, watched=True))  # left out
        response = await client.get("/api/read/me/continue", headers=user_headers)
        assert response.status_code == 200
        items = response.json()
        assert [item["title_id"] for item in items] == ["bleach", "naruto", "orphan"]
        naruto = items[1]
        assert naruto == {
            "title_id": "naruto",
            "provider": "rpc",
            "updated_at": (T0 + timedelta(minutes=10)).isoformat(),
            "translation_id": "610",
            "anime": {
                "slug": "naruto",
                "title": "Naruto",
                "poster": "https://img.example/naruto.jpg",
                "episodes_total": 2,
                "latest_episode_at": (T0 + timedelta(days=1)).isoformat(),
            },
            "episode": {
                "id": episode_id("naruto", 1),
                "number": 1,
                "season": 1,
                "position_seconds": 19.0,
                "duration_seconds": 20.0,
                "watched": True,
            },
            "next": {"id": episode_id("naruto", 2), "number": 2, "season": 1},
        }
        assert items[0]["next"] is None
        assert items[2]["anime"] is None
        assert items[2]["next"] is None
        limited = await client.get("/api/read/me/continue?limit=1", headers=user_headers)
        assert [item["title_id"] for item in limited.json()] == ["bleach"]

    async def test_a_new_episode_becomes_next_at_read_time(
        self, client: httpx.AsyncClient, writer: ReadModelWriter, user_headers: dict[str, str]
    ) -> None:
        await put_anime(writer, "naruto", episodes=1)
        await put_title(writer, "naruto", row("naruto", 1, 10, watched=True))
        assert (await client.get("/api/read/me/continue", headers=user_headers)).json() == []
        await put_anime(writer, "naruto", episodes=2)
        [item] = (await client.get("/api/read/me/continue", headers=user_headers)).json()
        assert item["next"]["number"] == 2

    @pytest.mark.parametrize("limit", ["0", "51", "x", "-1"])
    async def test_limit_bounds(self, client: httpx.AsyncClient, user_headers: dict[str, str], limit: str) -> None:
        response = await client.get(f"/api/read/me/continue?limit={limit}", headers=user_headers)
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["query", "limit"]

    async def test_empty_auth_and_etag(
        self, client: httpx.AsyncClient, user_headers: dict[str, str], signer: TestSigner
    ) -> None:
        response = await client.get("/api/read/me/continue", headers=user_headers)
        assert (response.status_code, response.json()) == (200, [])
        again = await client.get(
            "/api/read/me/continue", headers={**user_headers, "If-None-Match": response.headers["etag"]}
        )
        assert again.status_code == 304
        assert (await client.get("/api/read/me/continue")).status_code == 401
        admin = {"Authorization": f"Bearer {signer.token(1, PrincipalKind.ADMIN)}"}
        assert (await client.get("/api/read/me/continue", headers=admin)).status_code == 401

    async def test_unavailable_is_503(self, dead_client: httpx.AsyncClient, user_headers: dict[str, str]) -> None:
        for path in ("/api/read/me/continue", "/api/read/me/titles/naruto"):
            response = await dead_client.get(path, headers=user_headers)
            assert response.status_code == 503
            assert response.headers["retry-after"] == "5"


class TestJoins:
    async def test_library_gains_catalog_last_watched_and_new_episodes(
        self, client: httpx.AsyncClient, writer: ReadModelWriter, user_headers: dict[str, str]
    ) -> None:
        await put_anime(writer, "naruto")
        entry = LibraryEntry("naruto", "rpc", "watching", False, T0, None, 1)
        await writer.put_library(1, "rpc", [entry, LibraryEntry("gone", "rpc", "planned", True, T0)])
        await put_title(writer, "naruto", row("naruto", 1, 10, watched=True), library=status("watching"))
        [naruto, gone] = (await client.get("/api/read/me/library", headers=user_headers)).json()
        assert naruto["anime"]["episodes_total"] == 2
        assert naruto["last_watched_at"] == (T0 + timedelta(minutes=10)).isoformat()
        assert naruto["has_new_episodes"] is True  # episode added a day later, 2 > 1 watched
        assert (gone["anime"], gone["last_watched_at"], gone["has_new_episodes"]) == (None, None, False)
        # the anime changes: the library follows without any library write
        await writer.put_anime(
            catalog_item("naruto", "Naruto Shippuden", episodes_total=1, latest_episode_at=T0),
            anime_detail("naruto", "Naruto Shippuden", 1),
        )
        [naruto, _] = (await client.get("/api/read/me/library", headers=user_headers)).json()
        assert naruto["anime"]["title"] == "Naruto Shippuden"
        assert naruto["has_new_episodes"] is False

    async def test_the_kept_library_is_served_only_while_what_it_joined_is_unchanged(
        self, writer: ReadModelWriter, redis_client: Redis
    ) -> None:
        reader = ReadModelReader(redis_client, library_cache_size=4)
        assert await reader.library(1, "rpc") is None
        await put_anime(writer, "naruto")
        await writer.put_library(1, "rpc", [LibraryEntry("naruto", "rpc", "watching", False, T0, None, 1)])
        await put_title(writer, "naruto", row("naruto", 1, 10, watched=True), library=status("watching"))
        first = await reader.library(1, "rpc")
        assert first is not None
        assert await reader.library(1, "rpc") is first  # unchanged: the kept model itself

        def joined(model: StoredModel | None) -> dict[str, Any]:
            assert model is not None
            [entry] = orjson.loads(model.body)
            return dict(entry)

        # a progress write moves the title's last-watched time
        await put_title(writer, "naruto", row("naruto", 2, 40), row("naruto", 1, 10, watched=True))
        moved = await reader.library(1, "rpc")
        assert joined(moved)["last_watched_at"] == (T0 + timedelta(minutes=40)).isoformat()
        # the catalog changes
        await writer.put_anime(
            catalog_item("naruto", "Naruto Shippuden", episodes_total=2, latest_episode_at=T0),
            anime_detail("naruto", "Naruto Shippuden", 2),
        )
        assert joined(await reader.library(1, "rpc"))["anime"]["title"] == "Naruto Shippuden"
        # the library itself changes
        await writer.put_library(1, "rpc", [LibraryEntry("naruto", "rpc", "completed", True, T0, 9, 2)])
        assert joined(await reader.library(1, "rpc"))["status"] == "completed"
        # the same answers as a reader that keeps nothing
        fresh = await ReadModelReader(redis_client).library(1, "rpc")
        assert fresh is not None
        assert await reader.library(1, "rpc") == fresh
        # another viewer is not served the first one's library
        assert await reader.library(2, "rpc") is None

    async def test_progress_is_assembled_from_the_title_models(
        self, client: httpx.AsyncClient, writer: ReadModelWriter, user_headers: dict[str, str], redis_client: Redis
    ) -> None:
        assert (await client.get("/api/read/me/progress", headers=user_headers)).status_code == 404
        await put_title(writer, "naruto", row("naruto", 2, 30, translation="610"), row("naruto", 1, 10))
        await put_title(writer, "bleach", row("bleach", 1, 20, watched=True))
        response = await client.get("/api/read/me/progress", headers=user_headers)
        items: list[dict[str, Any]] = response.json()
        assert [(item["title_id"], item["translation_id"], item["watched"]) for item in items] == [
            ("naruto", "610", False),
            ("bleach", None, True),
            ("naruto", None, False),
        ]
        assert "episode" not in items[0]
        # a title whose last progress went away leaves the zset with its model
        await put_title(writer, "bleach")
        assert await redis_client.zscore(keys.user_recent(1, "rpc"), "bleach") is None
        assert len((await client.get("/api/read/me/progress", headers=user_headers)).json()) == 2
