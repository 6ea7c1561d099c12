from __future__ import annotations

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from ani_auth.infrastructure.db.tables import admin_users
from ani_auth.infrastructure.security.keys import KeyRing
from tests.helpers import (
    PASSWORD,
    AdminFactory,
    UserFactory,
    bearer,
    claims,
    cookie_value,
    error,
    header,
    login,
    set_cookies,
)

LOGIN = "/api/v1/admin/login"


async def admin_login(client: httpx.AsyncClient, email: str = "admin@example.com") -> httpx.Response:
    response = await client.post(LOGIN, json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return response


class TestAdminLogin:
    async def test_returns_an_admin_token_and_the_admin_cookie(
        self, client: httpx.AsyncClient, make_admin: AdminFactory, keys: KeyRing
    ) -> None:
        admin_id = await make_admin()
        response = await admin_login(client)
        token = response.json()["access_token"]
        assert response.json()["token_type"] == "bearer"
        assert header(token)["kid"] == keys.active.kid
        decoded = claims(token)
        assert decoded["aud"] == "ani-admin"
        assert decoded["admin"] is True
        assert decoded["email"] == "admin@example.com"  # write-api's audit log names the acting admin
        assert decoded["sub"] == str(admin_id)
        assert decoded["type"] == "access"
        [line] = set_cookies(response)
        value = cookie_value(response, "admin_refresh_token")
        assert line == f"admin_refresh_token={value}; HttpOnly; Max-Age=2592000; Path=/api/v1/admin; SameSite=lax"

    async def test_wrong_password_and_unknown_email(self, client: httpx.AsyncClient, make_admin: AdminFactory) -> None:
        await make_admin()
        wrong = await client.post(LOGIN, json={"email": "admin@example.com", "password": "wrong password"})
        assert error(wrong) == (401, "HTTP_ERROR", "Incorrect email or password")
        unknown = await client.post(LOGIN, json={"email": "nobody@example.com", "password": PASSWORD})
        assert error(unknown) == (401, "HTTP_ERROR", "Incorrect email or password")

    async def test_user_credentials_do_not_work(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user("user@example.com")
        response = await client.post(LOGIN, json={"email": "user@example.com", "password": PASSWORD})
        assert error(response) == (401, "HTTP_ERROR", "Incorrect email or password")

    async def test_inactive_admin_after_the_right_password(
        self, client: httpx.AsyncClient, make_admin: AdminFactory
    ) -> None:
        await make_admin(is_active=False)
        response = await client.post(LOGIN, json={"email": "admin@example.com", "password": PASSWORD})
        assert error(response) == (403, "HTTP_ERROR", "Admin account is inactive")

    async def test_short_password_is_422(self, client: httpx.AsyncClient) -> None:
        response = await client.post(LOGIN, json={"email": "admin@example.com", "password": "short"})
        assert error(response) == (422, "VALIDATION_ERROR", "Invalid request data")

    async def test_rate_limited(self, client: httpx.AsyncClient, make_admin: AdminFactory) -> None:
        await make_admin()
        for _ in range(5):
            await client.post(LOGIN, json={"email": "admin@example.com", "password": "wrong password"})
        response = await client.post(LOGIN, json={"email": "admin@example.com", "password": PASSWORD})
        assert error(response) == (429, "RATE_LIMIT_EXCEEDED", "5 per 1 minute")


class TestAdminMe:
    async def test_returns_the_admin(self, client: httpx.AsyncClient, make_admin: AdminFactory) -> None:
        admin_id = await make_admin(username="root")
        token = (await admin_login(client)).json()["access_token"]
        response = await client.get("/api/v1/admin/me", headers=bearer(token))
        assert response.status_code == 200
        body = response.json()
        assert list(body) == ["id", "email", "username", "is_active", "created_at"]
        assert (body["id"], body["email"], body["username"], body["is_active"]) == (
            admin_id,
            "admin@example.com",
            "root",
            True,
        )

    async def test_user_token_is_403(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        token = (await login(client)).json()["access_token"]
        response = await client.get("/api/v1/admin/me", headers=bearer(token))
        assert error(response) == (403, "HTTP_ERROR", "Admin access required")

    async def test_missing_and_invalid_token(self, client: httpx.AsyncClient) -> None:
        missing = await client.get("/api/v1/admin/me")
        assert error(missing) == (401, "HTTP_ERROR", "Not authenticated")
        invalid = await client.get("/api/v1/admin/me", headers=bearer("garbage"))
        assert error(invalid) == (401, "HTTP_ERROR", "Could not validate admin credentials")

    async def test_deactivated_admin_token_is_401(
        self, client: httpx.AsyncClient, make_admin: AdminFactory, sql: AsyncConnection
    ) -> None:
        await make_admin()
        token = (await admin_login(client)).json()["access_token"]
        await sql.execute(update(admin_users).values(is_active=False))
        response = await client.get("/api/v1/admin/me", headers=bearer(token))
        assert error(response) == (401, "HTTP_ERROR", "Could not validate admin credentials")


class TestAdminSessions:
    async def test_refresh_rotates_the_admin_cookie(self, client: httpx.AsyncClient, make_admin: AdminFactory) -> None:
        await make_admin()
        first = cookie_value(await admin_login(client), "admin_refresh_token")
        response = await client.post("/api/v1/admin/refresh", headers={"Cookie": f"admin_refresh_token={first}"})
        assert response.status_code == 200
        assert claims(response.json()["access_token"])["aud"] == "ani-admin"
        assert claims(response.json()["access_token"])["email"] == "admin@example.com"
        second = cookie_value(response, "admin_refresh_token")
        assert second != first
        assert set_cookies(response)[0].endswith("; Path=/api/v1/admin; SameSite=lax")
        reuse = await client.post("/api/v1/admin/refresh", headers={"Cookie": f"admin_refresh_token={first}"})
        assert error(reuse) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")
        family_gone = await client.post("/api/v1/admin/refresh", headers={"Cookie": f"admin_refresh_token={second}"})
        assert family_gone.status_code == 401

    async def test_refresh_without_cookie(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/api/v1/admin/refresh")
        assert error(response) == (401, "HTTP_ERROR", "Refresh token not found")

    async def test_user_cookie_does_not_refresh_an_admin_session(
        self, client: httpx.AsyncClient, make_admin: AdminFactory
    ) -> None:
        await make_admin()
        cookie = cookie_value(await admin_login(client), "admin_refresh_token")
        response = await client.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={cookie}"})
        assert error(response) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")

    async def test_logout(self, client: httpx.AsyncClient, make_admin: AdminFactory) -> None:
        await make_admin()
        cookie = cookie_value(await admin_login(client), "admin_refresh_token")
        response = await client.post("/api/v1/admin/logout", headers={"Cookie": f"admin_refresh_token={cookie}"})
        assert response.status_code == 200
        assert response.json() == {"message": "Logged out successfully"}
        [line] = set_cookies(response)
        assert line.startswith('admin_refresh_token=""; expires=')
        assert line.endswith("; HttpOnly; Max-Age=0; Path=/api/v1/admin; SameSite=lax")
        refresh = await client.post("/api/v1/admin/refresh", headers={"Cookie": f"admin_refresh_token={cookie}"})
        assert refresh.status_code == 401
