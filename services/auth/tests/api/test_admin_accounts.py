"""Revocable admins (hole 7 of issue 15): disable / enable, sign-out everywhere and password change, through the API.

A revoked admin's access tokens must stop working in every service, not only in auth: the tests check them with a
``TokenVerifier`` over the shared Redis revocation list, as write-api and read-api verify them.
"""

from __future__ import annotations

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from ani_auth.infrastructure.db.tables import admin_refresh_tokens, admin_users, auth_events
from ani_auth.infrastructure.security.keys import KeyRing
from ani_common.tokens import InvalidTokenError, PrincipalKind, RevocationList, StaticKeySource, TokenVerifier
from tests.helpers import PASSWORD, AdminFactory, UserFactory, bearer, cookie_value, error, login, set_cookies

ADMINS = "/api/v1/admin/admins"
NEW_PASSWORD = "a brand new admin passphrase"


async def sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> tuple[str, str]:
    """(access token, refresh cookie) of a fresh admin session."""
    response = await client.post("/api/v1/admin/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["access_token"], cookie_value(response, "admin_refresh_token")


def cookie(value: str) -> dict[str, str]:
    return {"Cookie": f"admin_refresh_token={value}"}


async def accepted_elsewhere(redis: Redis, keys: KeyRing, token: str) -> bool:
    """What write-api and read-api decide: signature, claims and the polled revocation list."""
    revocations = RevocationList(redis)
    await revocations.refresh()
    verifier = TokenVerifier(StaticKeySource(keys.public_keys()), revocations=revocations)
    try:
        await verifier.verify(token, PrincipalKind.ADMIN)
    except InvalidTokenError:
        return False
    return True


@pytest.fixture
async def admins(make_admin: AdminFactory) -> tuple[int, int]:
    boss = await make_admin("boss@example.com", username="boss")
    other = await make_admin("other@example.com", username="other")
    return boss, other


class TestDisableAdmin:
    async def test_disabling_revokes_sessions_and_tokens_everywhere(
        self,
        client: httpx.AsyncClient,
        admins: tuple[int, int],
        redis_client: Redis,
        keys: KeyRing,
        sql: AsyncConnection,
    ) -> None:
        boss_id, other_id = admins
        boss, _ = await sign_in(client, "boss@example.com")
        other, other_cookie = await sign_in(client, "other@example.com")
        assert await accepted_elsewhere(redis_client, keys, other)

        response = await client.patch(f"{ADMINS}/{other_id}", json={"is_active": False}, headers=bearer(boss))
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["id"], body["email"], body["is_active"]) == (other_id, "other@example.com", False)

        assert not await accepted_elsewhere(redis_client, keys, other)
        me = await client.get("/api/v1/admin/me", headers=bearer(other))
        assert error(me) == (401, "HTTP_ERROR", "Could not validate admin credentials")
        refresh = await client.post("/api/v1/admin/refresh", headers=cookie(other_cookie))
        assert error(refresh) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")
        relogin = await client.post("/api/v1/admin/login", json={"email": "other@example.com", "password": PASSWORD})
        assert error(relogin) == (403, "HTTP_ERROR", "Admin account is inactive")
        assert await accepted_elsewhere(redis_client, keys, boss)
        reasons = (await sql.execute(select(admin_refresh_tokens.c.revoke_reason))).scalars().all()
        assert sorted(reasons, key=str) == sorted([None, "account_disabled"], key=str)
        event = (
            await sql.execute(select(auth_events.c.details).where(auth_events.c.event == "admin_disabled"))
        ).scalar_one()
        assert event == {"revoked": 1, "by_admin_id": boss_id}

        enabled = await client.patch(f"{ADMINS}/{other_id}", json={"is_active": True}, headers=bearer(boss))
        assert enabled.json()["is_active"] is True
        fresh, _ = await sign_in(client, "other@example.com")
        assert await accepted_elsewhere(redis_client, keys, fresh)

    async def test_an_admin_cannot_disable_themselves(
        self, client: httpx.AsyncClient, admins: tuple[int, int], sql: AsyncConnection
    ) -> None:
        boss_id, _ = admins
        boss, _ = await sign_in(client, "boss@example.com")
        response = await client.patch(f"{ADMINS}/{boss_id}", json={"is_active": False}, headers=bearer(boss))
        assert error(response) == (409, "CONFLICT", "You cannot disable your own admin account")
        active = (await sql.execute(select(admin_users.c.is_active).where(admin_users.c.id == boss_id))).scalar_one()
        assert active is True

    async def test_unknown_admin_and_bad_bodies(self, client: httpx.AsyncClient, admins: tuple[int, int]) -> None:
        boss, _ = await sign_in(client, "boss@example.com")
        missing = await client.patch(f"{ADMINS}/999999", json={"is_active": False}, headers=bearer(boss))
        assert error(missing) == (404, "NOT_FOUND", "Admin not found")
        for body in ({}, {"is_active": "no"}, {"is_active": False, "email": "x@example.com"}):
            response = await client.patch(f"{ADMINS}/{admins[1]}", json=body, headers=bearer(boss))
            assert error(response) == (422, "VALIDATION_ERROR", "Invalid request data")
        zero = await client.patch(f"{ADMINS}/0", json={"is_active": False}, headers=bearer(boss))
        assert zero.status_code == 422

    async def test_user_tokens_and_anonymous_callers_are_refused(
        self, client: httpx.AsyncClient, admins: tuple[int, int], make_user: UserFactory
    ) -> None:
        await make_user()
        user = (await login(client)).json()["access_token"]
        target = f"{ADMINS}/{admins[1]}"
        assert error(await client.patch(target, json={"is_active": False}, headers=bearer(user)))[0] == 403
        assert error(await client.patch(target, json={"is_active": False}))[0] == 401
        assert error(await client.get(ADMINS, headers=bearer(user)))[0] == 403
        assert error(await client.delete(f"{target}/sessions"))[0] == 401
        assert error(await client.put("/api/v1/admin/me/password", json={}))[0] == 401

    async def test_a_disabled_admin_can_no_longer_act(
        self, client: httpx.AsyncClient, admins: tuple[int, int], sql: AsyncConnection
    ) -> None:
        boss_id, other_id = admins
        _boss, _ = await sign_in(client, "boss@example.com")
        other, _ = await sign_in(client, "other@example.com")
        # Disabled behind the token's back (e.g. by the CLI of another replica before the revocation list is polled).
        await sql.execute(update(admin_users).where(admin_users.c.id == other_id).values(is_active=False))
        response = await client.patch(f"{ADMINS}/{boss_id}", json={"is_active": False}, headers=bearer(other))
        assert error(response) == (401, "HTTP_ERROR", "Could not validate admin credentials")
        assert error(await client.get(ADMINS, headers=bearer(other)))[0] == 401

    async def test_list(self, client: httpx.AsyncClient, admins: tuple[int, int]) -> None:
        boss, _ = await sign_in(client, "boss@example.com")
        response = await client.get(ADMINS, headers=bearer(boss))
        assert response.status_code == 200
        assert [(item["id"], item["username"], item["is_active"]) for item in response.json()] == [
            (admins[0], "boss", True),
            (admins[1], "other", True),
        ]
        assert list(response.json()[0]) == ["id", "email", "username", "is_active", "created_at"]


class TestSignOutEverywhere:
    async def test_another_admin(
        self, client: httpx.AsyncClient, admins: tuple[int, int], redis_client: Redis, keys: KeyRing
    ) -> None:
        _, other_id = admins
        boss, _ = await sign_in(client, "boss@example.com")
        other, other_cookie = await sign_in(client, "other@example.com")
        response = await client.delete(f"{ADMINS}/{other_id}/sessions", headers=bearer(boss))
        assert response.status_code == 200
        assert response.json() == {"message": "Logged out from all sessions"}
        assert set_cookies(response) == []  # the caller's own cookie stays
        assert not await accepted_elsewhere(redis_client, keys, other)
        assert (await client.post("/api/v1/admin/refresh", headers=cookie(other_cookie))).status_code == 401
        # Not disabled: the admin can sign in again, and the new token is accepted.
        fresh, _ = await sign_in(client, "other@example.com")
        assert await accepted_elsewhere(redis_client, keys, fresh)
        assert await accepted_elsewhere(redis_client, keys, boss)
        missing = await client.delete(f"{ADMINS}/999999/sessions", headers=bearer(boss))
        assert error(missing) == (404, "NOT_FOUND", "Admin not found")

    async def test_myself(
        self, client: httpx.AsyncClient, admins: tuple[int, int], redis_client: Redis, keys: KeyRing
    ) -> None:
        first, first_cookie = await sign_in(client, "boss@example.com")
        second, second_cookie = await sign_in(client, "boss@example.com")
        response = await client.delete("/api/v1/admin/me/sessions", headers=bearer(second))
        assert response.status_code == 200
        [line] = set_cookies(response)
        assert line.startswith('admin_refresh_token=""')
        assert "; Path=/api/v1/admin;" in line
        for token in (first, second):
            assert not await accepted_elsewhere(redis_client, keys, token)
        for value in (first_cookie, second_cookie):
            assert (await client.post("/api/v1/admin/refresh", headers=cookie(value))).status_code == 401


class TestAdminPasswordChange:
    async def test_changes_the_password_and_keeps_only_this_session(
        self, client: httpx.AsyncClient, admins: tuple[int, int], redis_client: Redis, keys: KeyRing
    ) -> None:
        elsewhere, elsewhere_cookie = await sign_in(client, "boss@example.com")
        here, here_cookie = await sign_in(client, "boss@example.com")
        response = await client.put(
            "/api/v1/admin/me/password",
            json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            headers={**bearer(here), **cookie(here_cookie)},
        )
        assert response.status_code == 200, response.text
        new_token = response.json()["access_token"]
        assert await accepted_elsewhere(redis_client, keys, new_token)
        assert not await accepted_elsewhere(redis_client, keys, here)
        assert not await accepted_elsewhere(redis_client, keys, elsewhere)
        assert (await client.post("/api/v1/admin/refresh", headers=cookie(elsewhere_cookie))).status_code == 401
        assert (await client.post("/api/v1/admin/refresh", headers=cookie(here_cookie))).status_code == 200
        old = await client.post("/api/v1/admin/login", json={"email": "boss@example.com", "password": PASSWORD})
        assert old.status_code == 401
        await sign_in(client, "boss@example.com", NEW_PASSWORD)

    async def test_wrong_current_password(self, client: httpx.AsyncClient, admins: tuple[int, int]) -> None:
        token, _ = await sign_in(client, "boss@example.com")
        response = await client.put(
            "/api/v1/admin/me/password",
            json={"current_password": "not my password", "new_password": NEW_PASSWORD},
            headers=bearer(token),
        )
        assert error(response) == (400, "HTTP_ERROR", "Current password is incorrect")

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("short", "Password must be at least 8 characters"),
            ("Password1", "Password is too common"),
            ("x" * 73, "Password must be at most 72 bytes in UTF-8"),
        ],
    )
    async def test_new_password_policy(
        self, client: httpx.AsyncClient, admins: tuple[int, int], password: str, message: str
    ) -> None:
        token, _ = await sign_in(client, "boss@example.com")
        response = await client.put(
            "/api/v1/admin/me/password",
            json={"current_password": PASSWORD, "new_password": password},
            headers=bearer(token),
        )
        assert error(response) == (422, "VALIDATION_ERROR", "Invalid request data")
        [detail] = response.json()["error"]["details"]
        assert detail["loc"] == ["body", "new_password"]
        assert message in detail["msg"]
