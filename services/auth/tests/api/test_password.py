from __future__ import annotations

import httpx

from tests.helpers import PASSWORD, UserFactory, bearer, cookie_value, error, login

CHANGE = "/api/v1/auth/password"
NEW = "a brand new passphrase"


class TestChangePassword:
    async def test_changes_password_keeps_this_session_and_ends_the_others(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user()
        other = await login(client)
        this = await login(client)
        old_access = this.json()["access_token"]
        this_cookie = cookie_value(this, "refresh_token")
        response = await client.post(
            CHANGE,
            json={"current_password": PASSWORD, "new_password": NEW},
            headers={**bearer(old_access), "Cookie": f"refresh_token={this_cookie}"},
        )
        assert response.status_code == 200
        new_access = response.json()["access_token"]
        assert (await client.get("/api/v1/users/me", headers=bearer(new_access))).status_code == 200
        assert (await client.get("/api/v1/users/me", headers=bearer(old_access))).status_code == 401
        other_cookie = cookie_value(other, "refresh_token")
        other_refresh = await client.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={other_cookie}"})
        assert other_refresh.status_code == 401
        this_refresh = await client.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={this_cookie}"})
        assert this_refresh.status_code == 200
        old_login = await client.post("/api/v1/auth/login", json={"email": "user@example.com", "password": PASSWORD})
        assert error(old_login) == (401, "AUTHENTICATION_ERROR", "Incorrect email or password")
        assert (
            await client.post("/api/v1/auth/login", json={"email": "user@example.com", "password": NEW})
        ).status_code == 200

    async def test_wrong_current_password(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        token = (await login(client)).json()["access_token"]
        response = await client.post(
            CHANGE, json={"current_password": "not my password", "new_password": NEW}, headers=bearer(token)
        )
        assert error(response) == (400, "HTTP_ERROR", "Current password is incorrect")
        assert (await client.get("/api/v1/users/me", headers=bearer(token))).status_code == 200

    async def test_weak_new_password_is_422(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        token = (await login(client)).json()["access_token"]
        response = await client.post(
            CHANGE, json={"current_password": PASSWORD, "new_password": "short"}, headers=bearer(token)
        )
        assert error(response) == (422, "VALIDATION_ERROR", "Invalid request data")
        assert response.json()["error"]["details"][0]["loc"] == ["body", "new_password"]

    async def test_common_new_password_is_422(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        token = (await login(client)).json()["access_token"]
        response = await client.post(
            CHANGE, json={"current_password": PASSWORD, "new_password": "iloveyou"}, headers=bearer(token)
        )
        assert error(response) == (422, "VALIDATION_ERROR", "Invalid request data")
        [detail] = response.json()["error"]["details"]
        assert detail["loc"] == ["body", "new_password"]
        assert "Password is too common" in detail["msg"]

    async def test_requires_authentication(self, client: httpx.AsyncClient) -> None:
        response = await client.post(CHANGE, json={"current_password": PASSWORD, "new_password": NEW})
        assert error(response) == (401, "HTTP_ERROR", "Not authenticated")

    async def test_rate_limited_per_user(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        token = (await login(client)).json()["access_token"]
        for _ in range(5):
            response = await client.post(
                CHANGE, json={"current_password": "wrong password", "new_password": NEW}, headers=bearer(token)
            )
            assert response.status_code == 400
        response = await client.post(
            CHANGE, json={"current_password": PASSWORD, "new_password": NEW}, headers=bearer(token)
        )
        assert error(response) == (429, "RATE_LIMIT_EXCEEDED", "5 per 1 minute")
