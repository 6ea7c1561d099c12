from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from structlog.testing import capture_logs

from ani_auth.infrastructure.db.tables import auth_events, user_refresh_tokens, users
from ani_auth.infrastructure.security.keys import KeyRing
from tests.helpers import PASSWORD, UserFactory, bearer, claims, cookie_value, error, header, login, make_user_factory

REFRESH = "/api/v1/auth/refresh"


def with_cookie(token: str) -> dict[str, str]:
    return {"Cookie": f"refresh_token={token}"}


class TestRefresh:
    async def test_rotates_the_cookie_and_returns_a_new_access_token(
        self, client: httpx.AsyncClient, make_user: UserFactory, keys: KeyRing
    ) -> None:
        user_id = await make_user()
        first = cookie_value(await login(client), "refresh_token")
        response = await client.post(REFRESH, headers=with_cookie(first))
        assert response.status_code == 200
        token = response.json()["access_token"]
        assert claims(token)["sub"] == str(user_id)
        assert header(token)["kid"] == keys.active.kid
        second = cookie_value(response, "refresh_token")
        assert second != first
        assert len(second) == 43
        again = await client.post(REFRESH, headers=with_cookie(second))
        assert again.status_code == 200

    async def test_without_cookie(self, client: httpx.AsyncClient) -> None:
        response = await client.post(REFRESH)
        assert error(response) == (401, "HTTP_ERROR", "Refresh token not found")

    async def test_with_empty_cookie(self, client: httpx.AsyncClient) -> None:
        response = await client.post(REFRESH, headers={"Cookie": "refresh_token="})
        assert error(response) == (401, "HTTP_ERROR", "Refresh token not found")

    async def test_unknown_token(self, client: httpx.AsyncClient) -> None:
        response = await client.post(REFRESH, headers=with_cookie("x" * 43))
        assert error(response) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")

    async def test_expired_token(self, client: httpx.AsyncClient, make_user: UserFactory, sql: AsyncConnection) -> None:
        await make_user()
        token = cookie_value(await login(client), "refresh_token")
        await sql.execute(update(user_refresh_tokens).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        response = await client.post(REFRESH, headers=with_cookie(token))
        assert error(response) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")

    async def test_disabled_user_cannot_refresh(
        self, client: httpx.AsyncClient, make_user: UserFactory, sql: AsyncConnection
    ) -> None:
        await make_user()
        token = cookie_value(await login(client), "refresh_token")
        await sql.execute(update(users).values(is_active=False))
        response = await client.post(REFRESH, headers=with_cookie(token))
        assert error(response) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")

    async def test_admin_cookie_does_not_refresh_a_user_session(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user()
        token = cookie_value(await login(client), "refresh_token")
        response = await client.post("/api/v1/admin/refresh", headers={"Cookie": f"admin_refresh_token={token}"})
        assert error(response) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")

    async def test_records_user_agent_ip_and_last_use(
        self, client: httpx.AsyncClient, make_user: UserFactory, sql: AsyncConnection
    ) -> None:
        await make_user()
        token = cookie_value(await login(client), "refresh_token")
        await client.post(
            REFRESH, headers={**with_cookie(token), "User-Agent": "agent/2", "X-Forwarded-For": "198.51.100.9"}
        )
        rows = (
            await sql.execute(
                select(
                    user_refresh_tokens.c.user_agent, user_refresh_tokens.c.ip, user_refresh_tokens.c.rotated_at
                ).order_by(user_refresh_tokens.c.id)
            )
        ).all()
        assert len(rows) == 2
        assert rows[0].rotated_at is not None
        assert (rows[1].user_agent, rows[1].ip, rows[1].rotated_at) == ("agent/2", "198.51.100.9", None)

    async def test_rate_limited_per_session_family(
        self, client: httpx.AsyncClient, make_user: UserFactory, sql: AsyncConnection
    ) -> None:
        await make_user()
        token = cookie_value(await login(client), "refresh_token")
        for _ in range(5):
            response = await client.post(REFRESH, headers=with_cookie(token))
            assert response.status_code == 200
            token = cookie_value(response, "refresh_token")
        response = await client.post(REFRESH, headers=with_cookie(token))
        assert error(response) == (429, "RATE_LIMIT_EXCEEDED", "5 per 1 minute")
        assert response.headers["retry-after"]
        # The refused request rolled back: the presented token was not consumed.
        digest = hashlib.sha256(token.encode()).digest()
        row = (
            await sql.execute(
                select(user_refresh_tokens.c.rotated_at, user_refresh_tokens.c.revoked_at).where(
                    user_refresh_tokens.c.token_hash == digest
                )
            )
        ).one()
        assert tuple(row) == (None, None)
        other = cookie_value(await login(client), "refresh_token")
        assert (await client.post(REFRESH, headers=with_cookie(other))).status_code == 200


class TestReuseDetection:
    async def test_presenting_a_rotated_token_revokes_the_whole_family(
        self, client: httpx.AsyncClient, make_user: UserFactory, sql: AsyncConnection
    ) -> None:
        user_id = await make_user()
        stolen = cookie_value(await login(client), "refresh_token")
        other_session = cookie_value(await login(client), "refresh_token")
        legit = cookie_value(await client.post(REFRESH, headers=with_cookie(stolen)), "refresh_token")

        reuse = await client.post(REFRESH, headers=with_cookie(stolen))
        assert error(reuse) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")
        after = await client.post(REFRESH, headers=with_cookie(legit))
        assert error(after) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")
        # Other logins of the same user are separate families and keep working.
        assert (await client.post(REFRESH, headers=with_cookie(other_session))).status_code == 200

        events = (
            await sql.execute(
                select(auth_events.c.principal_id, auth_events.c.details).where(
                    auth_events.c.event == "refresh_token_reuse"
                )
            )
        ).all()
        assert len(events) == 1
        assert events[0].principal_id == user_id
        assert events[0].details["revoked"] == 1
        reasons = (await sql.execute(select(user_refresh_tokens.c.revoke_reason).distinct())).scalars().all()
        assert "reuse_detected" in reasons

    async def test_reuse_is_logged_as_a_security_event_without_the_token(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        user_id = await make_user()
        stolen = cookie_value(await login(client), "refresh_token")
        await client.post(REFRESH, headers=with_cookie(stolen))
        with capture_logs() as logs:
            await client.post(REFRESH, headers=with_cookie(stolen))
        [event] = [entry for entry in logs if entry.get("security_event") == "refresh_token_reuse"]
        assert event["log_level"] == "warning"
        assert event["principal_id"] == user_id
        assert stolen not in repr(logs)

    async def test_reuse_after_logout_is_just_invalid(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        token = cookie_value(await login(client), "refresh_token")
        await client.post("/api/v1/auth/logout", headers=with_cookie(token))
        response = await client.post(REFRESH, headers=with_cookie(token))
        assert error(response) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")


class TestConcurrentRefresh:
    async def test_two_refreshes_with_one_token_exactly_one_succeeds(
        self, real_client: httpx.AsyncClient, real_sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        await make_user_factory(real_sessionmaker)()
        response = await real_client.post(
            "/api/v1/auth/login", json={"email": "user@example.com", "password": PASSWORD}
        )
        token = cookie_value(response, "refresh_token")
        real_client.cookies.clear()
        for _ in range(3):  # several rounds: the race must never let both through
            results = await asyncio.gather(
                real_client.post(REFRESH, headers=with_cookie(token)),
                real_client.post(REFRESH, headers=with_cookie(token)),
            )
            statuses = sorted(result.status_code for result in results)
            assert statuses == [200, 401]
            winner = next(result for result in results if result.status_code == 200)
            token = cookie_value(winner, "refresh_token")
            access = winner.json()["access_token"]
            me = await real_client.get("/api/v1/users/me", headers=bearer(access))
            assert me.status_code == 200
            # The loser presented a rotated token: the family is revoked, so start a new one for the next round.
            relogin = await real_client.post(
                "/api/v1/auth/login", json={"email": "user@example.com", "password": PASSWORD}
            )
            token = cookie_value(relogin, "refresh_token")
            real_client.cookies.clear()
