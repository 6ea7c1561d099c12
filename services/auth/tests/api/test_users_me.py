from __future__ import annotations

import time

import httpx
import jwt
from redis.asyncio import Redis
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from ani_auth.infrastructure.db.tables import users
from ani_auth.infrastructure.security.keys import KeyRing, generate_private_key_pem, load_keyring
from ani_common.tokens import PrincipalKind, record_revocation
from tests.helpers import PASSWORD, AdminFactory, UserFactory, bearer, error, login

ME = "/api/v1/users/me"


def forge(keys: KeyRing, **claims: object) -> str:
    now = int(time.time())
    payload = {
        "iss": "ani-auth",
        "aud": "ani-user",
        "sub": "1",
        "iat": now,
        "exp": now + 60,
        "jti": "x",
        "type": "access",
    }
    payload.update(claims)
    payload = {key: value for key, value in payload.items() if value is not None}
    assert keys.active.private_key is not None
    return jwt.encode(payload, keys.active.private_key, algorithm="EdDSA", headers={"kid": keys.active.kid})


class TestUsersMe:
    async def test_returns_the_account(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        user_id = await make_user("Me.Person@example.com")
        token = (await login(client, "me.person@example.com")).json()["access_token"]
        response = await client.get(ME, headers=bearer(token))
        assert response.status_code == 200
        body = response.json()
        assert list(body) == ["email", "id", "is_active", "created_at"]
        assert body["email"] == "Me.Person@example.com"
        assert body["id"] == user_id
        assert body["is_active"] is True
        assert body["created_at"].endswith("Z")

    async def test_missing_header(self, client: httpx.AsyncClient) -> None:
        response = await client.get(ME)
        assert error(response) == (401, "HTTP_ERROR", "Not authenticated")
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_not_bearer(self, client: httpx.AsyncClient) -> None:
        response = await client.get(ME, headers={"Authorization": "Basic dXNlcjpwYXNz"})
        assert error(response) == (401, "HTTP_ERROR", "Invalid authentication credentials")
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_garbage_token(self, client: httpx.AsyncClient) -> None:
        response = await client.get(ME, headers=bearer("not.a.jwt"))
        assert error(response) == (401, "HTTP_ERROR", "Could not validate credentials")

    async def test_expired_token(self, client: httpx.AsyncClient, keys: KeyRing, make_user: UserFactory) -> None:
        user_id = await make_user()
        token = forge(keys, sub=str(user_id), iat=int(time.time()) - 120, exp=int(time.time()) - 60)
        assert error(await client.get(ME, headers=bearer(token)))[2] == "Could not validate credentials"

    async def test_token_signed_by_an_unknown_key(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        user_id = await make_user()
        stranger = load_keyring(signing_pem=generate_private_key_pem())
        token = forge(stranger, sub=str(user_id))
        assert error(await client.get(ME, headers=bearer(token)))[0] == 401

    async def test_wrong_type_or_issuer(self, client: httpx.AsyncClient, keys: KeyRing, make_user: UserFactory) -> None:
        user_id = await make_user()
        for bad in ({"type": "refresh"}, {"iss": "someone-else"}, {"aud": "ani-admin"}):
            token = forge(keys, sub=str(user_id), **bad)
            assert error(await client.get(ME, headers=bearer(token)))[0] == 401, bad

    async def test_unknown_user(self, client: httpx.AsyncClient, keys: KeyRing) -> None:
        response = await client.get(ME, headers=bearer(forge(keys, sub="999999")))
        assert error(response) == (401, "HTTP_ERROR", "Could not validate credentials")

    async def test_admin_token_is_refused(
        self, client: httpx.AsyncClient, make_user: UserFactory, make_admin: AdminFactory
    ) -> None:
        await make_user()
        admin_id = await make_admin()
        response = await client.post("/api/v1/admin/login", json={"email": "admin@example.com", "password": PASSWORD})
        admin_token = response.json()["access_token"]
        assert str(admin_id) == jwt.decode(admin_token, options={"verify_signature": False})["sub"]
        me = await client.get(ME, headers=bearer(admin_token))
        assert error(me) == (401, "HTTP_ERROR", "Could not validate credentials")

    async def test_disabled_user_is_refused_at_once(
        self, client: httpx.AsyncClient, make_user: UserFactory, sql: AsyncConnection
    ) -> None:
        await make_user()
        token = (await login(client)).json()["access_token"]
        assert (await client.get(ME, headers=bearer(token))).status_code == 200
        await sql.execute(update(users).values(is_active=False))
        response = await client.get(ME, headers=bearer(token))
        assert error(response) == (401, "HTTP_ERROR", "Could not validate credentials")

    async def test_revoked_token_is_refused_after_the_list_refreshes(
        self, app: object, client: httpx.AsyncClient, make_user: UserFactory, redis_client: Redis
    ) -> None:
        user_id = await make_user()
        token = (await login(client)).json()["access_token"]
        assert (await client.get(ME, headers=bearer(token))).status_code == 200
        await record_revocation(redis_client, PrincipalKind.USER, str(user_id), ttl_seconds=900)
        await app.state.token_verifier.revocations.refresh()  # type: ignore[attr-defined]
        assert (await client.get(ME, headers=bearer(token))).status_code == 401
