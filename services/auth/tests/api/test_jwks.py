from __future__ import annotations

import httpx
import jwt
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ani_auth.bootstrap import Overrides
from ani_auth.infrastructure.security.keys import KeyRing, generate_private_key_pem, load_keyring, public_key_pem
from ani_auth.main import create_app
from ani_common.testing.plugin import AsgiClientFactory
from ani_common.tokens import JwksKeySource, PrincipalKind, TokenVerifier
from tests.helpers import SettingsFactory, UserFactory, bearer, header, login


class TestJwks:
    async def test_publishes_the_active_key(self, client: httpx.AsyncClient, keys: KeyRing) -> None:
        response = await client.get("/.well-known/jwks.json")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert "max-age" in response.headers["cache-control"]
        [jwk] = response.json()["keys"]
        assert jwk == {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": jwk["x"],
            "kid": keys.active.kid,
            "use": "sig",
            "alg": "EdDSA",
        }
        assert "d" not in jwk

    async def test_tokens_verify_with_the_published_key(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user()
        token = (await login(client)).json()["access_token"]
        jwks = (await client.get("/.well-known/jwks.json")).json()
        key = jwt.PyJWKSet.from_dict(jwks)[header(token)["kid"]]
        decoded = jwt.decode(token, key=key.key, algorithms=["EdDSA"], audience="ani-user", issuer="ani-auth")
        assert decoded["type"] == "access"

    async def test_other_services_verify_through_the_jwks(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        user_id = await make_user()
        token = (await login(client)).json()["access_token"]
        verifier = TokenVerifier(JwksKeySource("http://testserver/.well-known/jwks.json", client=client))
        principal = await verifier.verify(token, PrincipalKind.USER)
        assert principal.id == user_id


class TestKeyRotation:
    async def test_old_tokens_verify_until_expiry_and_new_tokens_use_the_new_kid(
        self,
        make_settings: SettingsFactory,
        db_sessionmaker: async_sessionmaker[AsyncSession],
        redis_client: Redis,
        make_user: UserFactory,
        asgi_client: AsgiClientFactory,
    ) -> None:
        old_pem = generate_private_key_pem()
        new_pem = generate_private_key_pem()
        await make_user()

        before = make_settings(jwt_signing_key=old_pem.decode())
        app = create_app(before, Overrides(sessionmaker=db_sessionmaker, redis=redis_client))
        async with asgi_client(app) as http:
            old_token = (await login(http)).json()["access_token"]
        old_kid = header(old_token)["kid"]

        # Rotation: the new key signs, the old one is still published (here as a public key only).
        after = make_settings(jwt_signing_key=new_pem.decode(), jwt_previous_keys=public_key_pem(old_pem).decode())
        app = create_app(after, Overrides(sessionmaker=db_sessionmaker, redis=redis_client))
        async with asgi_client(app) as http:
            kids = [jwk["kid"] for jwk in (await http.get("/.well-known/jwks.json")).json()["keys"]]
            new_token = (await login(http)).json()["access_token"]
            new_kid = header(new_token)["kid"]
            assert new_kid != old_kid
            assert kids == [new_kid, old_kid]
            assert (await http.get("/api/v1/users/me", headers=bearer(old_token))).status_code == 200
            assert (await http.get("/api/v1/users/me", headers=bearer(new_token))).status_code == 200

            # A verifier that only knew the old key picks up the new kid from the JWKS on first sight.
            verifier = TokenVerifier(JwksKeySource("http://testserver/.well-known/jwks.json", client=http))
            assert (await verifier.verify(new_token, PrincipalKind.USER)).subject
            assert (await verifier.verify(old_token, PrincipalKind.USER)).subject

        # Once the old key is dropped from the configuration, its tokens stop verifying.
        retired = make_settings(jwt_signing_key=new_pem.decode())
        app = create_app(retired, Overrides(sessionmaker=db_sessionmaker, redis=redis_client))
        async with asgi_client(app) as http:
            assert (await http.get("/api/v1/users/me", headers=bearer(old_token))).status_code == 401
            assert (await http.get("/api/v1/users/me", headers=bearer(new_token))).status_code == 200

    def test_configured_key_file_and_previous_files(self, make_settings: SettingsFactory, tmp_path: object) -> None:
        from pathlib import Path

        from ani_auth.bootstrap import keyring_for

        assert isinstance(tmp_path, Path)
        active, previous = tmp_path / "active.pem", tmp_path / "old.pem"
        active.write_bytes(generate_private_key_pem())
        previous.write_bytes(generate_private_key_pem())
        ring = keyring_for(make_settings(jwt_signing_key_file=str(active), jwt_previous_key_files=str(previous)))
        assert ring.active.kid == load_keyring(signing_pem=active.read_bytes()).active.kid
        assert [key.kid for key in ring.previous] == [load_keyring(signing_pem=previous.read_bytes()).active.kid]
        assert ring.previous[0].private_key is None
