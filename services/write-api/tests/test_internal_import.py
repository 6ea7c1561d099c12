from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

URL = "/api/v1/internal/import/titles"
NARUTO: dict[str, Any] = {
    "source_id": "20",
    "title": "Наруто",
    "alternative_titles": ["Naruto", "ナルト"],
    "description": "A ninja.",
    "year": 2002,
    "status": "completed",
    "poster": "//cdn.example.com/naruto.jpg",
    "genres": ["Экшен", "Приключения"],
    "episodes": [
        {
            "source_episode_id": "20:1:1",
            "number": 1,
            "season": 1,
            "title": "Enter: Naruto Uzumaki!",
            "is_available": True,
            "videos": [
                {
                    "type": "iframe",
                    "url": "https://kodik.info/seria/1/abc/720p",
                    "source_name": "kodik",
                    "priority": 100,
                    "translation_id": "609",
                    "translation_title": "AniDUB",
                    "translation_type": "voice",
                    "quality": "720p",
                }
            ],
        },
        {"source_episode_id": "20:1:2", "number": 2, "season": 1, "title": None, "is_available": True, "videos": []},
    ],
}


def batch(*titles: dict[str, Any]) -> dict[str, Any]:
    return {"source_name": "kodik-shikimori", "titles": [copy.deepcopy(title) for title in titles]}


async def counts(pg: Any) -> tuple[int, int, int, int]:
    row = await pg.fetchrow(
        "SELECT (SELECT count(*) FROM anime) a, (SELECT count(*) FROM episodes) e, "
        "(SELECT count(*) FROM video_sources) v, (SELECT count(*) FROM outbox) o"
    )
    return row["a"], row["e"], row["v"], row["o"]


class TestInternalToken:
    async def test_missing_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.post(URL, json=batch(NARUTO))
        assert response.status_code == 401

    async def test_wrong_is_403_even_with_a_bad_body(self, client: httpx.AsyncClient) -> None:
        response = await client.post(URL, json={"nope": 1}, headers={"X-Internal-Token": "wrong"})
        assert response.status_code == 403
        assert response.json()["error"]["message"] == "Invalid internal token"

    @pytest.mark.parametrize("token", [None, "wrong"])
    async def test_the_token_is_checked_before_the_body_is_read(
        self, client: httpx.AsyncClient, token: str | None
    ) -> None:
        """Issue 15 hole 1: an unauthenticated caller cannot make write-api read (let alone parse) an import body."""
        chunks_read: list[int] = []

        async def body() -> AsyncIterator[bytes]:
            for _ in range(64):
                chunks_read.append(1)
                yield b'{"titles": [' + b"[" * 65_536

        headers = {"Content-Type": "application/json"} | ({"X-Internal-Token": token} if token else {})
        response = await client.post(URL, content=body(), headers=headers)
        assert response.status_code == (403 if token else 401)
        assert response.json()["error"]["code"] == "HTTP_ERROR"
        assert chunks_read == []

    async def test_a_wrong_token_with_malformed_json_is_403_not_422(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            URL, content=b"{not json", headers={"X-Internal-Token": "wrong", "Content-Type": "application/json"}
        )
        assert response.status_code == 403
        assert response.json()["error"]["message"] == "Invalid internal token"

    async def test_every_configured_token_is_accepted(
        self, client: httpx.AsyncClient, internal: dict[str, str], next_internal: dict[str, str]
    ) -> None:
        assert (await client.post(URL, json=batch(), headers=internal)).status_code == 200
        assert (await client.post(URL, json=batch(), headers=next_internal)).status_code == 200


class TestImportTitles:
    async def test_creates_everything_with_a_transliterated_slug(
        self, client: httpx.AsyncClient, internal: dict[str, str], pg: Any, outbox: Any
    ) -> None:
        response = await client.post(URL, json=batch(NARUTO), headers=internal)
        assert response.status_code == 200
        [result] = response.json()["results"]
        assert result == {
            "source_id": "20",
            "status": "created",
            "slug": "naruto",
            "error": None,
            "episodes": {"created": 2, "updated": 0, "unchanged": 0},
            "videos": {"created": 1, "updated": 0, "unchanged": 0},
        }
        anime = await pg.fetchrow("SELECT poster, genres, id FROM anime")
        assert anime["poster"] == "https://cdn.example.com/naruto.jpg"
        video = await pg.fetchrow("SELECT translation_title, translation_type, quality FROM video_sources")
        assert tuple(video) == ("AniDUB", "voice", "720p")
        assert await outbox() == [
            ("anime_changed", {"anime_id": str(anime["id"]), "slug": "naruto"}),
            ("catalog_changed", {}),
        ]

    async def test_identical_reimport_changes_nothing(
        self, client: httpx.AsyncClient, internal: dict[str, str], pg: Any
    ) -> None:
        await client.post(URL, json=batch(NARUTO), headers=internal)
        before = await counts(pg)
        stamps = await pg.fetch("SELECT updated_at FROM anime UNION ALL SELECT updated_at FROM episodes")
        [result] = (await client.post(URL, json=batch(NARUTO), headers=internal)).json()["results"]
        assert result["status"] == "unchanged"
        assert result["episodes"] == {"created": 0, "updated": 0, "unchanged": 2}
        assert result["videos"] == {"created": 0, "updated": 0, "unchanged": 1}
        assert await counts(pg) == before
        assert await pg.fetch("SELECT updated_at FROM anime UNION ALL SELECT updated_at FROM episodes") == stamps

    async def test_changes_are_applied_but_the_slug_is_stable(
        self, client: httpx.AsyncClient, internal: dict[str, str], pg: Any
    ) -> None:
        await client.post(URL, json=batch(NARUTO), headers=internal)
        changed = copy.deepcopy(NARUTO)
        changed["title"] = "Naruto (TV)"
        changed["episodes"][0]["title"] = "Renamed"
        changed["episodes"][0]["videos"][0]["priority"] = 5
        changed["episodes"][1]["videos"] = [{"type": "m3u8", "url": "https://h.example/x.m3u8", "source_name": "s"}]
        [result] = (await client.post(URL, json=batch(changed), headers=internal)).json()["results"]
        assert (result["status"], result["slug"]) == ("updated", "naruto")
        assert result["episodes"] == {"created": 0, "updated": 1, "unchanged": 1}
        assert result["videos"] == {"created": 1, "updated": 1, "unchanged": 0}
        assert await pg.fetchval("SELECT title FROM anime") == "Naruto (TV)"

    async def test_null_means_unknown_and_keeps_the_stored_value(
        self, client: httpx.AsyncClient, internal: dict[str, str], pg: Any
    ) -> None:
        await client.post(URL, json=batch(NARUTO), headers=internal)
        sparse = {"source_id": "20", "title": "Наруто", "description": None, "poster": None, "genres": None}
        [result] = (await client.post(URL, json=batch(sparse), headers=internal)).json()["results"]
        assert result["status"] == "unchanged"
        assert await pg.fetchval("SELECT description FROM anime") == "A ninja."

    async def test_locked_fields_are_left_untouched(
        self, client: httpx.AsyncClient, internal: dict[str, str], pg: Any
    ) -> None:
        await client.post(URL, json=batch(NARUTO), headers=internal)
        await pg.execute("UPDATE anime SET title = 'Admin title', locked_fields = '{title}', admin_modified = true")
        await pg.execute("UPDATE episodes SET is_active = false, locked_fields = '{is_active}'")
        await pg.execute("UPDATE video_sources SET priority = 1, locked_fields = '{priority}'")
        changed = copy.deepcopy(NARUTO)
        changed["title"] = "Parser title"
        changed["year"] = 2003
        changed["episodes"][0]["videos"][0]["priority"] = 7
        [result] = (await client.post(URL, json=batch(changed), headers=internal)).json()["results"]
        assert result["status"] == "updated"
        anime = await pg.fetchrow("SELECT title, year FROM anime")
        assert (anime["title"], anime["year"]) == ("Admin title", 2003)
        assert await pg.fetchval("SELECT bool_or(is_active) FROM episodes") is False
        assert await pg.fetchval("SELECT priority FROM video_sources") == 1

    async def test_slug_collisions_get_a_suffix(self, client: httpx.AsyncClient, internal: dict[str, str]) -> None:
        titles = [
            {"source_id": "1", "title": "Naruto"},
            {"source_id": "2", "title": "NARUTO!"},
            {"source_id": "3", "title": "Наруто"},
            {"source_id": "4", "title": "🙂"},
        ]
        results = (await client.post(URL, json=batch(*titles), headers=internal)).json()["results"]
        assert [result["slug"] for result in results] == ["naruto", "naruto-2", "naruto-3", "anime"]

    async def test_one_failing_title_does_not_abort_the_others(
        self, client: httpx.AsyncClient, internal: dict[str, str], pg: Any
    ) -> None:
        # A real database failure for one title: a trigger that rejects it (rolled back with the test).
        await pg.execute(
            "CREATE FUNCTION reject_bad() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.source_id = 'bad' THEN RAISE EXCEPTION 'secret detail %', NEW.title; END IF; RETURN NEW; END $$"
        )
        await pg.execute("CREATE TRIGGER reject_bad BEFORE INSERT ON anime FOR EACH ROW EXECUTE FUNCTION reject_bad()")
        titles = [
            {"source_id": "ok1", "title": "One"},
            {"source_id": "bad", "title": "Bad"},
            {"source_id": "ok2", "title": "Two"},
        ]
        results = (await client.post(URL, json=batch(*titles), headers=internal)).json()["results"]
        assert [result["status"] for result in results] == ["created", "failed", "created"]
        assert "secret detail" not in (results[1]["error"] or "")
        assert results[1]["error"]
        assert await pg.fetchval("SELECT count(*) FROM anime") == 2
        assert await pg.fetchval("SELECT count(*) FROM outbox WHERE payload->>'slug' = 'bad'") == 0

    @pytest.mark.parametrize(
        ("mutate", "what"),
        [
            (lambda body: body["titles"].append(copy.deepcopy(body["titles"][0])), "duplicate source_id"),
            (lambda body: body["titles"][0]["episodes"].append(dict(body["titles"][0]["episodes"][1])), "dup episode"),
            (lambda body: body["titles"][0]["episodes"][0]["videos"][0].update(url="javascript:alert(1)"), "js url"),
            (lambda body: body["titles"][0]["episodes"][0]["videos"][0].update(url="data:text/html,x"), "data url"),
            (lambda body: body["titles"][0]["episodes"][0]["videos"][0].update(url="http://evil.example/x"), "http"),
            (lambda body: body["titles"][0].update(poster="ftp://x/y.jpg"), "ftp poster"),
            (lambda body: body["titles"][0]["episodes"][0]["videos"][0].update(type="flash"), "bad type"),
            (lambda body: body["titles"][0].update(status="airing"), "bad status"),
            (lambda body: body["titles"][0].update(year=1800), "bad year"),
            (lambda body: body["titles"][0].update(title=""), "empty title"),
            (lambda body: body["titles"][0]["episodes"][0].update(number=-1), "negative number"),
            (lambda body: body.update(titles=[{"source_id": str(i), "title": "t"} for i in range(101)]), "101 titles"),
        ],
    )
    async def test_invalid_payloads_are_422_and_write_nothing(
        self, client: httpx.AsyncClient, internal: dict[str, str], pg: Any, mutate: Any, what: str
    ) -> None:
        body = batch(NARUTO)
        mutate(body)
        response = await client.post(URL, json=body, headers=internal)
        assert response.status_code == 422, what
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
        assert await counts(pg) == (0, 0, 0, 0)

    async def test_plain_http_only_for_configured_hosts(
        self, client: httpx.AsyncClient, internal: dict[str, str], pg: Any
    ) -> None:
        body = batch(NARUTO)
        body["titles"][0]["episodes"][0]["videos"][0]["url"] = "http://127.0.0.1:9000/player/1"
        response = await client.post(URL, json=body, headers=internal)
        assert response.json()["results"][0]["status"] == "created"
        assert await pg.fetchval("SELECT url FROM video_sources") == "http://127.0.0.1:9000/player/1"


class TestLegacyImportRoutes:
    async def test_anime_then_episodes_then_video(
        self, client: httpx.AsyncClient, internal: dict[str, str], pg: Any
    ) -> None:
        anime = {"source_name": "shiki", "source_id": "1", "title": "Ван Пис", "status": "ongoing"}
        response = await client.post("/api/v1/internal/import/anime", json=anime, headers=internal)
        assert response.json() == {"success": True, "message": "Anime imported successfully: Ван Пис", "errors": None}
        assert await pg.fetchval("SELECT slug FROM anime") == "van-pis"
        episodes = {
            "source_name": "shiki",
            "anime_source_id": "1",
            "episodes": [{"source_episode_id": "1:1", "number": 1}],
        }
        response = await client.post("/api/v1/internal/import/episodes", json=episodes, headers=internal)
        assert response.json() == {"success": True, "total": 1, "imported": 1, "errors": []}
        video = {
            "source_name": "shiki",
            "source_episode_id": "1:1",
            "player": {"type": "iframe", "url": "//kodik.info/x", "source_name": "kodik", "priority": 3},
        }
        response = await client.post("/api/v1/internal/import/video", json=video, headers=internal)
        assert response.json()["success"] is True
        assert await pg.fetchval("SELECT url FROM video_sources") == "https://kodik.info/x"

    async def test_episodes_for_unknown_anime_is_404(self, client: httpx.AsyncClient, internal: dict[str, str]) -> None:
        body = {"source_name": "s", "anime_source_id": "404", "episodes": [{"source_episode_id": "1", "number": 1}]}
        response = await client.post("/api/v1/internal/import/episodes", json=body, headers=internal)
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "Anime not found: s/404"

    async def test_duplicate_episode_ids_are_422(self, client: httpx.AsyncClient, internal: dict[str, str]) -> None:
        item = {"source_episode_id": "1", "number": 1}
        body = {"source_name": "s", "anime_source_id": "1", "episodes": [item, item]}
        assert (await client.post("/api/v1/internal/import/episodes", json=body, headers=internal)).status_code == 422

    async def test_ambiguous_video_needs_anime_source_id(
        self, client: httpx.AsyncClient, internal: dict[str, str], pg: Any
    ) -> None:
        titles = [
            {"source_id": "a", "title": "A", "episodes": [{"source_episode_id": "1", "number": 1}]},
            {"source_id": "b", "title": "B", "episodes": [{"source_episode_id": "1", "number": 1}]},
        ]
        await client.post(URL, json={"source_name": "s", "titles": titles}, headers=internal)
        video: dict[str, Any] = {
            "source_name": "s",
            "source_episode_id": "1",
            "player": {"type": "mp4", "url": "https://v.example/1.mp4", "source_name": "v"},
        }
        response = await client.post("/api/v1/internal/import/video", json=video, headers=internal)
        assert response.status_code == 409
        response = await client.post(
            "/api/v1/internal/import/video", json={**video, "anime_source_id": "b"}, headers=internal
        )
        assert response.status_code == 200
        slug = await pg.fetchval(
            "SELECT a.slug FROM video_sources v JOIN episodes e ON e.id = v.episode_id "
            "JOIN anime a ON a.id = e.anime_id"
        )
        assert slug == "b"
        missing = {**video, "source_episode_id": "nope"}
        assert (await client.post("/api/v1/internal/import/video", json=missing, headers=internal)).status_code == 404
