from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ani_auth.application.context import AuthContext
from ani_auth.bootstrap import Overrides
from ani_auth.infrastructure.redis.throttle import RedisThrottle
from ani_auth.infrastructure.security.keys import KeyRing
from ani_auth.infrastructure.security.passwords import BcryptPasswordHasher
from ani_auth.main import create_app
from ani_common.ratelimit import RateLimiter
from ani_common.testing.plugin import AsgiClientFactory
from tests.helpers import (
    PASSWORD,
    AdminFactory,
    SettingsFactory,
    UserFactory,
    claims,
    cookie_value,
    error,
    header,
)

LOGIN = "/api/v1/auth/login"
ADMIN_LOGIN = "/api/v1/admin/login"


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


def from_ip(ip: str) -> dict[str, str]:
    return {"X-Forwarded-For": ip}


async def forget_ip_limits(redis: Redis) -> None:
    """Drop the per-IP fixed windows, so that a test can look at the per-(account, client) backoff alone."""
    async for key in redis.scan_iter(match="ratelimit:auth:*-ip:*"):
        await redis.delete(key)


def fake_clock(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The login throttle's clock, as a one-element list the test moves forward."""
    context: AuthContext = app.state.auth
    throttle = context.throttle
    assert isinstance(throttle, RedisThrottle)
    now = [time.time()]
    monkeypatch.setattr(throttle, "_clock", lambda: now[0])
    return now


class TestLoginLockout:
    """Hole 3 of issue 15: a stranger must not be able to keep an account locked, brute force must stay as hard."""

    async def test_a_stranger_cannot_lock_the_owner_out(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user()
        # Before: five wrong passwords a minute from anywhere locked the account for everybody.
        for _ in range(5):
            wrong = await client.post(
                LOGIN, json={"email": "user@example.com", "password": "wrong password"}, headers=from_ip("203.0.113.9")
            )
            assert wrong.status_code == 401
        blocked = await client.post(
            LOGIN, json={"email": "user@example.com", "password": PASSWORD}, headers=from_ip("203.0.113.9")
        )
        assert blocked.status_code == 429
        owner = await client.post(
            LOGIN, json={"email": "user@example.com", "password": PASSWORD}, headers=from_ip("198.51.100.7")
        )
        assert owner.status_code == 200, owner.text

    async def test_backoff_doubles_per_account_and_client(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        make_user: UserFactory,
        redis_client: Redis,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        await make_user()
        now = fake_clock(app, monkeypatch)
        attacker = from_ip("203.0.113.9")
        wrong = {"email": "user@example.com", "password": "wrong password"}
        for _ in range(5):
            assert (await client.post(LOGIN, json=wrong, headers=attacker)).status_code == 401
        waits = []
        for _ in range(4):
            await forget_ip_limits(redis_client)
            refused = await client.post(LOGIN, json=wrong, headers=attacker)
            assert error(refused) == (
                429,
                "RATE_LIMIT_EXCEEDED",
                "Too many failed login attempts from this client; try again later",
            )
            assert refused.headers["retry-after"] == refused.headers["ratelimit-reset"]
            wait = int(refused.headers["retry-after"])
            waits.append(wait)
            now[0] += wait + 0.5
            assert (await client.post(LOGIN, json=wrong, headers=attacker)).status_code == 401
        assert waits == [60, 120, 240, 480]
        # The same e-mail in another case is the same account.
        await forget_ip_limits(redis_client)
        shouted = await client.post(LOGIN, json={**wrong, "email": "USER@example.com"}, headers=attacker)
        assert shouted.status_code == 429
        assert int(shouted.headers["retry-after"]) == 960

    async def test_backoff_is_capped(
        self,
        make_settings: SettingsFactory,
        db_sessionmaker: async_sessionmaker[AsyncSession],
        redis_client: Redis,
        keys: KeyRing,
        asgi_client: AsgiClientFactory,
        make_user: UserFactory,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        settings = make_settings(login_backoff_max_seconds=100)
        app = create_app(settings, Overrides(sessionmaker=db_sessionmaker, redis=redis_client, keys=keys))
        await make_user()
        wrong = {"email": "user@example.com", "password": "wrong password"}
        async with asgi_client(app) as http:
            now = fake_clock(app, monkeypatch)
            waits = []
            for attempt in range(9):
                await forget_ip_limits(redis_client)
                response = await http.post(LOGIN, json=wrong)
                if response.status_code == 429:
                    waits.append(int(response.headers["retry-after"]))
                    now[0] += waits[-1] + 0.5
                else:
                    assert response.status_code == 401, attempt
        assert waits == [60, 100]

    async def test_right_password_resets_the_backoff(
        self, client: httpx.AsyncClient, make_user: UserFactory, redis_client: Redis
    ) -> None:
        await make_user()
        wrong = {"email": "user@example.com", "password": "wrong password"}
        for _ in range(4):
            assert (await client.post(LOGIN, json=wrong)).status_code == 401
        assert (await client.post(LOGIN, json={**wrong, "password": PASSWORD})).status_code == 200
        await forget_ip_limits(redis_client)
        for _ in range(4):
            assert (await client.post(LOGIN, json=wrong)).status_code == 401

    async def test_unknown_accounts_are_throttled_alike(self, client: httpx.AsyncClient, redis_client: Redis) -> None:
        ghost = {"email": "ghost@example.com", "password": "wrong password"}
        for _ in range(5):
            assert (await client.post(LOGIN, json=ghost)).status_code == 401
        await forget_ip_limits(redis_client)
        assert (await client.post(LOGIN, json=ghost)).status_code == 429

    async def test_account_ceiling_stops_distributed_guessing_but_not_known_clients(
        self,
        make_settings: SettingsFactory,
        db_sessionmaker: async_sessionmaker[AsyncSession],
        redis_client: Redis,
        keys: KeyRing,
        asgi_client: AsgiClientFactory,
        make_user: UserFactory,
    ) -> None:
        app = create_app(
            make_settings(rate_limit_login_account=6),
            Overrides(sessionmaker=db_sessionmaker, redis=redis_client, keys=keys),
        )
        await make_user()
        wrong = {"email": "user@example.com", "password": "wrong password"}
        right = {"email": "user@example.com", "password": PASSWORD}
        async with asgi_client(app) as http:
            # The owner signed in from home before the attack (a success is refunded: it does not count).
            assert (await http.post(LOGIN, json=right, headers=from_ip("198.51.100.7"))).status_code == 200
            # A botnet: 2 guesses from each of 3 addresses reach the per-account ceiling of 6.
            for index in range(6):
                response = await http.post(LOGIN, json=wrong, headers=from_ip(f"203.0.113.{index // 2}"))
                assert response.status_code == 401
            fresh = await http.post(LOGIN, json=right, headers=from_ip("203.0.113.200"))
            assert error(fresh) == (
                429,
                "RATE_LIMIT_EXCEEDED",
                "Too many failed login attempts for this account; try again later",
            )
            assert 3500 <= int(fresh.headers["retry-after"]) <= 3600
            home = await http.post(LOGIN, json=right, headers=from_ip("198.51.100.7"))
            assert home.status_code == 200
            # Another account is not affected.
            other = await http.post(
                LOGIN, json={**wrong, "email": "other@example.com"}, headers=from_ip("203.0.113.201")
            )
            assert other.status_code == 401

    async def test_parallel_guesses_cannot_outrun_the_backoff(self, real_client: httpx.AsyncClient) -> None:
        # Attempts are counted atomically before the password is checked: 12 parallel guesses from one client on one
        # account get 5 answers and 7 refusals (the per-IP window refuses the same 7).
        wrong = {"email": "ghost@example.com", "password": "wrong password"}
        responses = await asyncio.gather(*(real_client.post(LOGIN, json=wrong) for _ in range(12)))
        assert sorted(response.status_code for response in responses) == [401] * 5 + [429] * 7

    async def test_admin_login_cannot_be_locked_by_a_stranger(
        self, client: httpx.AsyncClient, make_admin: AdminFactory, redis_client: Redis
    ) -> None:
        await make_admin()
        wrong = {"email": "admin@example.com", "password": "wrong password"}
        for _ in range(5):
            assert (await client.post(ADMIN_LOGIN, json=wrong, headers=from_ip("203.0.113.9"))).status_code == 401
        await forget_ip_limits(redis_client)
        assert (await client.post(ADMIN_LOGIN, json=wrong, headers=from_ip("203.0.113.9"))).status_code == 429
        owner = await client.post(ADMIN_LOGIN, json={**wrong, "password": PASSWORD}, headers=from_ip("198.51.100.7"))
        assert owner.status_code == 200, owner.text


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
