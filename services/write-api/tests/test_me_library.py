from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ani_common.tokens import PrincipalKind

Auth = Callable[..., dict[str, str]]


class TestPutLibraryItem:
    async def test_creates_with_defaults(self, client: httpx.AsyncClient, auth: Auth) -> None:
        response = await client.put("/api/v1/me/library/naruto", json={}, headers=auth(7))
        assert response.status_code == 200
        body = response.json()
        assert body["user_id"] == 7
        assert body["provider"] == "rpc"
        assert body["title_id"] == "naruto"
        assert body["status"] == "watching"
        assert body["is_favorite"] is False
        assert body["score"] is None
        assert body["episodes_watched"] == 0
        assert body["created_at"].endswith("Z")

    async def test_updates_only_given_fields_and_bumps_updated_at(self, client: httpx.AsyncClient, auth: Auth) -> None:
        first = (
            await client.put("/api/v1/me/library/x", json={"status": "on_hold", "score": 8}, headers=auth())
        ).json()
        second = await client.put("/api/v1/me/library/x", json={"is_favorite": True}, headers=auth())
        body = second.json()
        assert body["id"] == first["id"]
        assert (body["status"], body["score"], body["is_favorite"]) == ("on_hold", 8, True)
        cleared = (await client.put("/api/v1/me/library/x", json={"score": None}, headers=auth())).json()
        assert cleared["score"] is None
        assert cleared["status"] == "on_hold"

    @pytest.mark.parametrize("status", ["watching", "planned", "completed", "dropped", "on_hold", "rewatching"])
    async def test_accepts_the_six_statuses(self, client: httpx.AsyncClient, auth: Auth, status: str) -> None:
        response = await client.put("/api/v1/me/library/t", json={"status": status}, headers=auth())
        assert response.json()["status"] == status

    @pytest.mark.parametrize(
        "body",
        [{"status": "WATCHING"}, {"score": 11}, {"score": -1}, {"episodes_watched": -1}, None],
    )
    async def test_rejects_bad_bodies(self, client: httpx.AsyncClient, auth: Auth, body: Any, pg: Any) -> None:
        response = await client.put("/api/v1/me/library/t", json=body, headers=auth())
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
        assert await pg.fetchval("SELECT count(*) FROM user_library_items") == 0

    @pytest.mark.parametrize("provider", ["", "RPC", "a" * 33, "bad provider"])
    async def test_rejects_bad_provider(self, client: httpx.AsyncClient, auth: Auth, provider: str) -> None:
        response = await client.put("/api/v1/me/library/t", params={"provider": provider}, json={}, headers=auth())
        assert response.status_code == 422

    async def test_writes_library_changed_event(self, client: httpx.AsyncClient, auth: Auth, outbox: Any) -> None:
        await client.put("/api/v1/me/library/t", params={"provider": "shiki"}, json={}, headers=auth(3))
        assert await outbox() == [("library_changed", {"user_id": 3, "provider": "shiki", "title_id": "t"})]


class TestListLibrary:
    async def test_scoped_to_user_and_provider(self, client: httpx.AsyncClient, auth: Auth) -> None:
        await client.put("/api/v1/me/library/a", json={}, headers=auth(1))
        await client.put("/api/v1/me/library/b", json={}, headers=auth(2))
        await client.put("/api/v1/me/library/c", params={"provider": "other"}, json={}, headers=auth(1))
        mine = (await client.get("/api/v1/me/library", headers=auth(1))).json()
        assert [item["title_id"] for item in mine] == ["a"]
        other = (await client.get("/api/v1/me/library", params={"provider": "other"}, headers=auth(1))).json()
        assert [item["title_id"] for item in other] == ["c"]

    async def test_filters_and_orders_newest_first(self, client: httpx.AsyncClient, auth: Auth) -> None:
        await client.put("/api/v1/me/library/a", json={"status": "planned"}, headers=auth())
        await client.put("/api/v1/me/library/b", json={"status": "planned", "is_favorite": True}, headers=auth())
        await client.put("/api/v1/me/library/c", json={"status": "dropped"}, headers=auth())
        planned = (await client.get("/api/v1/me/library", params={"status": "planned"}, headers=auth())).json()
        assert {item["title_id"] for item in planned} == {"a", "b"}
        favorites = (await client.get("/api/v1/me/library", params={"favorites": "true"}, headers=auth())).json()
        assert [item["title_id"] for item in favorites] == ["b"]
        bad = await client.get("/api/v1/me/library", params={"status": "nope"}, headers=auth())
        assert bad.status_code == 422


class TestDeleteLibraryItem:
    async def test_deletes_own_item(self, client: httpx.AsyncClient, auth: Auth) -> None:
        await client.put("/api/v1/me/library/a", json={}, headers=auth())
        response = await client.delete("/api/v1/me/library/a", headers=auth())
        assert response.json() == {"message": "Library item removed"}
        assert (await client.get("/api/v1/me/library", headers=auth())).json() == []

    async def test_other_users_item_is_404(self, client: httpx.AsyncClient, auth: Auth, pg: Any) -> None:
        await client.put("/api/v1/me/library/a", json={}, headers=auth(1))
        response = await client.delete("/api/v1/me/library/a", headers=auth(2))
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "Library item not found"
        assert await pg.fetchval("SELECT count(*) FROM user_library_items") == 1


class TestAuthentication:
    async def test_missing_token_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/me/library")
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_admin_token_is_401(self, client: httpx.AsyncClient, auth: Auth) -> None:
        response = await client.get("/api/v1/me/library", headers=auth(1, PrincipalKind.ADMIN))
        assert response.status_code == 401

    async def test_garbage_token_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/me/library", headers={"Authorization": "Bearer x.y.z"})
        assert response.status_code == 401
