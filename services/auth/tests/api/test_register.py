from __future__ import annotations

import asyncio

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from ani_auth.bootstrap import Overrides
from ani_auth.infrastructure.db.tables import auth_events, user_refresh_tokens, users
from ani_auth.infrastructure.security.keys import KeyRing
from ani_auth.main import create_app
from ani_common.testing.plugin import AsgiClientFactory
from tests.helpers import PASSWORD, SettingsFactory, bearer, claims, cookie_value, error, register, set_cookies


class TestRegister:
    async def test_creates_account_returns_tokens_and_sets_cookie(
        self, client: httpx.AsyncClient, sql: AsyncConnection
    ) -> None:
        response = await client.post("/api/v1/auth/register", json={"email": "new@example.com", "password": PASSWORD})
        assert response.status_code == 201
        body = response.json()
        assert list(body) == ["access_token", "token_type"]
        assert body["token_type"] == "bearer"
        user_id = (await sql.execute(select(users.c.id).where(users.c.email == "new@example.com"))).scalar_one()
        assert claims(body["access_token"])["sub"] == str(user_id)
        refresh = cookie_value(response, "refresh_token")
        assert len(refresh) == 43
        sessions = (await sql.execute(select(user_refresh_tokens.c.user_id))).scalars().all()
        assert sessions == [user_id]
        events = (await sql.execute(select(auth_events.c.event, auth_events.c.principal_id))).all()
        assert [tuple(row) for row in events] == [("user_registered", user_id)]

    async def test_cookie_attributes(self, client: httpx.AsyncClient) -> None:
        response = await register(client)
        [line] = set_cookies(response)
        value = cookie_value(response, "refresh_token")
        assert line == f"refresh_token={value}; HttpOnly; Max-Age=2592000; Path=/api/v1/auth; SameSite=lax"

    async def test_cookie_is_secure_when_configured(
        self,
        make_settings: SettingsFactory,
        db_sessionmaker: async_sessionmaker[AsyncSession],
        redis_client: Redis,
        keys: KeyRing,
        asgi_client: AsgiClientFactory,
    ) -> None:
        settings = make_settings(cookie_secure=True, refresh_ttl_days=7)
        app = create_app(settings, Overrides(sessionmaker=db_sessionmaker, redis=redis_client, keys=keys))
        async with asgi_client(app) as http:
            response = await register(http)
        [line] = set_cookies(response)
        assert line.endswith("; HttpOnly; Max-Age=604800; Path=/api/v1/auth; SameSite=lax; Secure")
        assert response.headers["strict-transport-security"].startswith("max-age=")

    async def test_email_domain_is_lowercased_local_part_kept(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/v1/auth/register", json={"email": "  Test.User@Example.COM ", "password": PASSWORD}
        )
        assert response.status_code == 201
        me = await client.get("/api/v1/users/me", headers=bearer(response.json()["access_token"]))
        assert me.json()["email"] == "Test.User@example.com"

    async def test_duplicate_email_is_case_insensitive(self, client: httpx.AsyncClient) -> None:
        await register(client, "Someone@example.com")
        response = await client.post(
            "/api/v1/auth/register", json={"email": "someone@EXAMPLE.com", "password": PASSWORD}
        )
        assert error(response) == (400, "HTTP_ERROR", "Email already registered")

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("short7!", "Password must be at least 8 characters"),
            ("é" * 37, "Password must be at most 72 bytes in UTF-8"),
            ("x" * 73, "Password must be at most 72 bytes in UTF-8"),
            ("Password1", "Password is too common"),
            ("qwertyuiop", "Password is too common"),
        ],
    )
    async def test_password_policy_is_422_with_clear_message(
        self, client: httpx.AsyncClient, password: str, message: str
    ) -> None:
        response = await client.post("/api/v1/auth/register", json={"email": "p@example.com", "password": password})
        assert error(response) == (422, "VALIDATION_ERROR", "Invalid request data")
        [detail] = response.json()["error"]["details"]
        assert detail["loc"] == ["body", "password"]
        assert message in detail["msg"]
        assert password not in response.text

    async def test_password_of_exactly_72_bytes_is_accepted(self, client: httpx.AsyncClient) -> None:
        password = "é" * 36
        await register(client, "long@example.com", password)
        login = await client.post("/api/v1/auth/login", json={"email": "long@example.com", "password": password})
        assert login.status_code == 200

    @pytest.mark.parametrize(
        "body",
        [{"email": "not-an-email", "password": PASSWORD}, {"email": "a@example.com"}, {"password": PASSWORD}, {}],
    )
    async def test_bad_body_is_422(self, client: httpx.AsyncClient, body: dict[str, str]) -> None:
        response = await client.post("/api/v1/auth/register", json=body)
        assert error(response) == (422, "VALIDATION_ERROR", "Invalid request data")

    async def test_rate_limited_per_ip(self, client: httpx.AsyncClient) -> None:
        for index in range(5):
            await register(client, f"user{index}@example.com")
        response = await client.post("/api/v1/auth/register", json={"email": "six@example.com", "password": PASSWORD})
        assert error(response) == (429, "RATE_LIMIT_EXCEEDED", "5 per 1 minute")
        assert response.headers["ratelimit-limit"] == "5"
        assert response.headers["ratelimit-remaining"] == "0"
        assert 1 <= int(response.headers["retry-after"]) <= 60


class TestConcurrentRegistration:
    async def test_same_email_twice_at_once_gives_one_201_and_one_400(self, real_client: httpx.AsyncClient) -> None:
        async def attempt(email: str) -> httpx.Response:
            return await real_client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})

        responses = await asyncio.gather(attempt("race@example.com"), attempt("RACE@example.com"))
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [201, 400]
        loser = next(response for response in responses if response.status_code == 400)
        assert error(loser) == (400, "HTTP_ERROR", "Email already registered")
