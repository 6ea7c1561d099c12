from __future__ import annotations

import time

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ani_auth.application.context import AuthContext
from ani_auth.bootstrap import Overrides
from ani_auth.infrastructure.security.keys import KeyRing
from ani_auth.infrastructure.security.passwords import BcryptPasswordHasher
from ani_auth.main import create_app
from ani_common.ratelimit import RateLimiter
from ani_common.testing.plugin import AsgiClientFactory
from tests.helpers import PASSWORD, SettingsFactory, UserFactory, claims, cookie_value, error, header

LOGIN = "/api/v1/auth/login"


class TestLogin:
    async def test_returns_eddsa_access_token_with_all_claims(
        self, client: httpx.AsyncClient, make_user: UserFactory, keys: KeyRing
    ) -> None:
        user_id = await make_user("user@example.com")
        before = int(time.time())
        response = await client.post(LOGIN, json={"email": "user@example.com", "password": PASSWORD})
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer"
        token = body["access_token"]
        assert header(token) == {"alg": "EdDSA", "kid": keys.active.kid, "typ": "JWT"}
        decoded = claims(token)
        assert set(decoded) == {"iss", "aud", "sub", "iat", "exp", "jti", "type"}
        assert decoded["iss"] == "ani-auth"
        assert decoded["aud"] == "ani-user"
        assert decoded["sub"] == str(user_id)
        assert decoded["type"] == "access"
        assert before <= decoded["iat"] <= time.time()
        assert decoded["exp"] == int(decoded["iat"]) + 15 * 60
        assert len(decoded["jti"]) == 32
        assert len(cookie_value(response, "refresh_token")) == 43

    async def test_each_login_opens_a_new_session_and_jti(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user()
        first = await client.post(LOGIN, json={"email": "user@example.com", "password": PASSWORD})
        second = await client.post(LOGIN, json={"email": "user@example.com", "password": PASSWORD})
        assert claims(first.json()["access_token"])["jti"] != claims(second.json()["access_token"])["jti"]
        assert cookie_value(first, "refresh_token") != cookie_value(second, "refresh_token")

    async def test_email_is_case_insensitive(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user("Mixed.Case@example.com")
        response = await client.post(LOGIN, json={"email": "mixed.case@EXAMPLE.com", "password": PASSWORD})
        assert response.status_code == 200

    async def test_wrong_password(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        response = await client.post(LOGIN, json={"email": "user@example.com", "password": "wrong password"})
        assert error(response) == (401, "AUTHENTICATION_ERROR", "Incorrect email or password")
        assert "set-cookie" not in response.headers

    async def test_unknown_email_answers_like_a_wrong_password(self, client: httpx.AsyncClient) -> None:
        response = await client.post(LOGIN, json={"email": "nobody@example.com", "password": PASSWORD})
        assert error(response) == (401, "AUTHENTICATION_ERROR", "Incorrect email or password")

    async def test_disabled_account_is_revealed_only_after_the_right_password(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user(is_active=False)
        wrong = await client.post(LOGIN, json={"email": "user@example.com", "password": "wrong password"})
        assert error(wrong) == (401, "AUTHENTICATION_ERROR", "Incorrect email or password")
        right = await client.post(LOGIN, json={"email": "user@example.com", "password": PASSWORD})
        assert error(right) == (401, "AUTHENTICATION_ERROR", "User account is disabled")

    @pytest.mark.parametrize(
        "body",
        [
            {"email": "user@example.com"},
            {"email": "bad", "password": PASSWORD},
            {"email": "a@example.com", "password": "x" * 73},
        ],
    )
    async def test_bad_body_is_422(self, client: httpx.AsyncClient, body: dict[str, str]) -> None:
        response = await client.post(LOGIN, json=body)
        assert error(response) == (422, "VALIDATION_ERROR", "Invalid request data")


class TestLoginTiming:
    """Unknown e-mails cost one bcrypt verification of a real hash at the configured cost, like a known e-mail."""

    def test_dummy_hash_uses_the_configured_cost(self) -> None:
        hasher = BcryptPasswordHasher(rounds=5)
        assert hasher._dummy.startswith(b"$2b$05$")

    async def test_unknown_email_verifies_against_the_dummy_hash(
        self, app: FastAPI, client: httpx.AsyncClient, make_user: UserFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        context: AuthContext = app.state.auth
        hasher = context.hasher
        assert isinstance(hasher, BcryptPasswordHasher)
        checked: list[bytes] = []
        original = BcryptPasswordHasher._check

        def spy(password: str, hashed: bytes) -> bool:
            checked.append(hashed)
            return original(password, hashed)

        monkeypatch.setattr(BcryptPasswordHasher, "_check", staticmethod(spy))
        await make_user()
        await client.post(LOGIN, json={"email": "nobody@example.com", "password": PASSWORD})
        await client.post(LOGIN, json={"email": "user@example.com", "password": "wrong password"})
        assert len(checked) == 2
        unknown, known = checked
        assert unknown == hasher._dummy
        assert unknown[:7] == known[:7] == b"$2b$04$"


class TestLoginRateLimit:
    async def test_sixth_attempt_per_ip_is_429_with_headers(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user()
        for index in range(5):
            response = await client.post(LOGIN, json={"email": f"u{index}@example.com", "password": PASSWORD})
            assert response.status_code == 401
        response = await client.post(LOGIN, json={"email": "user@example.com", "password": PASSWORD})
        assert error(response) == (429, "RATE_LIMIT_EXCEEDED", "5 per 1 minute")
        assert response.headers["ratelimit-limit"] == "5"
        assert response.headers["ratelimit-remaining"] == "0"
        assert 1 <= int(response.headers["ratelimit-reset"]) <= 60
        assert response.headers["retry-after"] == response.headers["ratelimit-reset"]

    async def test_validation_errors_do_not_count(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        for _ in range(6):
            assert (await client.post(LOGIN, json={"email": "bad"})).status_code == 422
        assert (await client.post(LOGIN, json={"email": "user@example.com", "password": PASSWORD})).status_code == 200

    async def test_per_account_across_ips(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        for index in range(5):
            response = await client.post(
                LOGIN,
                json={"email": "USER@example.com", "password": "wrong password"},
                headers={"X-Forwarded-For": f"203.0.113.{index}"},
            )
            assert response.status_code == 401
        response = await client.post(
            LOGIN, json={"email": "user@example.com", "password": PASSWORD}, headers={"X-Forwarded-For": "198.51.100.7"}
        )
        assert error(response) == (429, "RATE_LIMIT_EXCEEDED", "5 per 1 minute")

    async def test_forwarded_header_counts_only_from_a_trusted_proxy(
        self,
        make_settings: SettingsFactory,
        db_sessionmaker: async_sessionmaker[AsyncSession],
        redis_client: Redis,
        keys: KeyRing,
        asgi_client: AsgiClientFactory,
    ) -> None:
        # The test client's peer is 127.0.0.1; here only 10.0.0.0/8 is a trusted proxy, so X-Forwarded-For is ignored.
        settings = make_settings(trusted_proxies="10.0.0.0/8")
        app = create_app(settings, Overrides(sessionmaker=db_sessionmaker, redis=redis_client, keys=keys))
        async with asgi_client(app) as http:
            statuses = [
                (
                    await http.post(
                        LOGIN,
                        json={"email": f"x{index}@example.com", "password": PASSWORD},
                        headers={"X-Forwarded-For": f"203.0.113.{index}"},
                    )
                ).status_code
                for index in range(6)
            ]
        assert statuses == [401] * 5 + [429]

    async def test_limit_is_shared_by_two_app_instances(
        self,
        make_settings: SettingsFactory,
        db_sessionmaker: async_sessionmaker[AsyncSession],
        redis_url: str,
        redis_client: Redis,
        keys: KeyRing,
        asgi_client: AsgiClientFactory,
    ) -> None:
        # Two replicas, each with its own Redis connection pool, one Redis server.
        second_redis = Redis.from_url(redis_url)
        try:
            first = create_app(make_settings(), Overrides(sessionmaker=db_sessionmaker, redis=redis_client, keys=keys))
            second = create_app(make_settings(), Overrides(sessionmaker=db_sessionmaker, redis=second_redis, keys=keys))
            async with asgi_client(first) as one, asgi_client(second) as two:
                statuses = []
                for index in range(6):
                    http = one if index % 2 == 0 else two
                    response = await http.post(LOGIN, json={"email": f"r{index}@example.com", "password": PASSWORD})
                    statuses.append(response.status_code)
        finally:
            await second_redis.aclose()
        assert statuses == [401] * 5 + [429]


class TestRedisOutage:
    async def test_login_fails_closed_with_503(
        self, client: httpx.AsyncClient, make_user: UserFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        await make_user()

        async def unavailable(*args: object, **kwargs: object) -> None:
            raise RedisConnectionError("Connection refused")

        monkeypatch.setattr(RateLimiter, "hit", unavailable)
        response = await client.post(LOGIN, json={"email": "user@example.com", "password": PASSWORD})
        assert error(response) == (503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable")
        assert response.headers["retry-after"] == "5"
        assert "refused" not in response.text
