from __future__ import annotations

import httpx
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ani_auth.bootstrap import Overrides
from ani_auth.infrastructure.security.keys import KeyRing
from ani_auth.main import create_app
from ani_common.testing.plugin import AsgiClientFactory
from tests.helpers import SettingsFactory, UserFactory, cookie_value, error, login, set_cookies

LOGOUT = "/api/v1/auth/logout"


class TestLogout:
    async def test_ends_the_session_and_deletes_the_cookie(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user()
        token = cookie_value(await login(client), "refresh_token")
        response = await client.post(LOGOUT, headers={"Cookie": f"refresh_token={token}"})
        assert response.status_code == 200
        assert response.json() == {"message": "Logged out successfully"}
        [line] = set_cookies(response)
        assert line.startswith('refresh_token=""; expires=')
        assert line.endswith(" GMT; HttpOnly; Max-Age=0; Path=/api/v1/auth; SameSite=lax")
        refresh = await client.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={token}"})
        assert error(refresh) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")

    async def test_without_cookie_still_succeeds(self, client: httpx.AsyncClient) -> None:
        response = await client.post(LOGOUT)
        assert response.status_code == 200
        assert response.json() == {"message": "Logged out successfully"}
        assert set_cookies(response)[0].startswith('refresh_token=""')

    async def test_unknown_cookie_still_succeeds(self, client: httpx.AsyncClient) -> None:
        response = await client.post(LOGOUT, headers={"Cookie": "refresh_token=unknown"})
        assert response.status_code == 200

    async def test_other_sessions_survive(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        first = cookie_value(await login(client), "refresh_token")
        second = cookie_value(await login(client), "refresh_token")
        await client.post(LOGOUT, headers={"Cookie": f"refresh_token={first}"})
        response = await client.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={second}"})
        assert response.status_code == 200

    async def test_deletion_cookie_is_secure_like_the_cookie(
        self,
        make_settings: SettingsFactory,
        db_sessionmaker: async_sessionmaker[AsyncSession],
        redis_client: Redis,
        keys: KeyRing,
        asgi_client: AsgiClientFactory,
    ) -> None:
        app = create_app(
            make_settings(cookie_secure=True), Overrides(sessionmaker=db_sessionmaker, redis=redis_client, keys=keys)
        )
        async with asgi_client(app) as http:
            response = await http.post(LOGOUT)
        [line] = set_cookies(response)
        assert line.endswith("; HttpOnly; Max-Age=0; Path=/api/v1/auth; SameSite=lax; Secure")
