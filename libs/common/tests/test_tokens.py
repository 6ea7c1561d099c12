"""Token verification against keys served as a real JWKS document, and the revocation list on real Redis."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any, cast

import httpx
import jwt
import pytest
import pytest_asyncio
from fastapi import FastAPI, Response
from jwt.algorithms import OKPAlgorithm
from redis.asyncio import Redis

from ani_common.testing.keys import TestSigner
from ani_common.tokens import (
    REVOCATION_KEY,
    InvalidTokenError,
    JwksKeySource,
    PrincipalKind,
    RevocationList,
    TokenVerifier,
    record_revocation,
)


def jwks_app(signers: list[TestSigner], hits: list[int], cache_control: str | None = None) -> FastAPI:
    app = FastAPI()

    @app.get("/.well-known/jwks.json")
    async def jwks(response: Response) -> dict[str, object]:
        hits.append(1)
        if cache_control is not None:
            response.headers["Cache-Control"] = cache_control
        keys = []
        for signer in signers:
            jwk = OKPAlgorithm.to_jwk(signer.public_key, as_dict=True)
            keys.append({**jwk, "kid": signer.kid, "use": "sig", "alg": "EdDSA"})
        return {"keys": keys}

    return app


@pytest_asyncio.fixture
async def published() -> AsyncIterator[tuple[list[TestSigner], list[int], JwksKeySource]]:
    signers = [TestSigner(kid="k1")]
    hits: list[int] = []
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=jwks_app(signers, hits)), base_url="http://auth")
    source = JwksKeySource("http://auth/.well-known/jwks.json", client=client, min_refresh_interval=0.0)
    yield signers, hits, source
    await client.aclose()


async def test_valid_user_token(published: tuple[list[TestSigner], list[int], JwksKeySource]) -> None:
    signers, _, source = published
    verifier = TokenVerifier(source)
    principal = await verifier.verify(signers[0].token(42), PrincipalKind.USER)
    assert principal.id == 42
    assert principal.kind is PrincipalKind.USER


async def test_admin_tokens_carry_the_admin_email(published: tuple[list[TestSigner], list[int], JwksKeySource]) -> None:
    signers, _, source = published
    verifier = TokenVerifier(source)
    admin = await verifier.verify(
        signers[0].token(4, PrincipalKind.ADMIN, email="root@example.org"), PrincipalKind.ADMIN
    )
    assert admin.email == "root@example.org"
    user = await verifier.verify(signers[0].token(4, email="someone@example.org"), PrincipalKind.USER)
    assert user.email is None


async def test_user_and_admin_tokens_are_never_interchangeable(
    published: tuple[list[TestSigner], list[int], JwksKeySource],
) -> None:
    signers, _, source = published
    verifier = TokenVerifier(source)
    admin_token = signers[0].token(1, PrincipalKind.ADMIN)
    user_token = signers[0].token(1)
    with pytest.raises(InvalidTokenError):
        await verifier.verify(admin_token, PrincipalKind.USER)
    with pytest.raises(InvalidTokenError):
        await verifier.verify(user_token, PrincipalKind.ADMIN)
    # an admin-audience token that lacks the admin claim is refused too
    with pytest.raises(InvalidTokenError):
        await verifier.verify(signers[0].token(1, PrincipalKind.ADMIN, admin=None), PrincipalKind.ADMIN)
    assert await verifier.probe_audience(user_token) is PrincipalKind.USER


@pytest.mark.parametrize(
    "overrides",
    [
        {"exp": int(time.time()) - 1},
        {"iss": "someone-else"},
        {"aud": "another-audience"},
        {"type": "refresh"},
        {"sub": "not-a-number"},
        {"jti": None},
    ],
)
async def test_bad_claims_are_rejected(
    published: tuple[list[TestSigner], list[int], JwksKeySource], overrides: dict[str, Any]
) -> None:
    signers, _, source = published
    with pytest.raises(InvalidTokenError):
        await TokenVerifier(source).verify(signers[0].token(7, **overrides), PrincipalKind.USER)


async def test_forged_signature_and_other_algorithms_are_rejected(
    published: tuple[list[TestSigner], list[int], JwksKeySource],
) -> None:
    _signers, _, source = published
    verifier = TokenVerifier(source)
    forger = TestSigner(kid="k1")  # same kid, different key
    with pytest.raises(InvalidTokenError):
        await verifier.verify(forger.token(7), PrincipalKind.USER)
    hs = jwt.encode({"sub": "7"}, "x" * 32, algorithm="HS256", headers={"kid": "k1"})
    with pytest.raises(InvalidTokenError):
        await verifier.verify(hs, PrincipalKind.USER)
    with pytest.raises(InvalidTokenError):
        await verifier.verify("not.a.jwt", PrincipalKind.USER)


async def test_rotation_old_tokens_verify_and_new_kid_is_fetched(
    published: tuple[list[TestSigner], list[int], JwksKeySource],
) -> None:
    signers, hits, source = published
    verifier = TokenVerifier(source)
    old_token = signers[0].token(5)
    await verifier.verify(old_token, PrincipalKind.USER)
    signers.append(TestSigner(kid="k2"))  # auth publishes a second key and signs with it
    new_token = signers[1].token(5)
    assert (await verifier.verify(new_token, PrincipalKind.USER)).id == 5
    assert len(hits) == 2  # refreshed once, on the unknown kid
    assert (await TokenVerifier(source).verify(old_token, PrincipalKind.USER)).id == 5


async def test_unknown_kid_refresh_is_rate_limited() -> None:
    hits: list[int] = []
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=jwks_app([], hits)), base_url="http://auth")
    source = JwksKeySource("http://auth/.well-known/jwks.json", client=client, min_refresh_interval=60)
    verifier = TokenVerifier(source)
    forger = TestSigner(kid="unknown")
    for _ in range(5):
        with pytest.raises(InvalidTokenError):
            await verifier.verify(forger.token(1), PrincipalKind.USER)
    assert len(hits) == 1
    await client.aclose()


@pytest.mark.parametrize(
    ("cache_control", "lifetime"),
    [
        (None, 300.0),  # no header: the default
        ("public, max-age=120", 120.0),
        ('max-age="90"', 90.0),
        ("public, max-age=1", 30.0),  # bounded below: auth cannot make every replica poll it every second
        ("max-age=31536000", 3600.0),  # bounded above: a removed key is refused within the hour at worst
        ("no-store", 30.0),
        ("public, s-maxage=9999", 300.0),
    ],
)
async def test_the_jwks_lifetime_comes_from_cache_control(cache_control: str | None, lifetime: float) -> None:
    hits: list[int] = []
    app = jwks_app([TestSigner(kid="k1")], hits, cache_control)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://auth") as client:
        source = JwksKeySource("http://auth/.well-known/jwks.json", client=client)
        assert await source.get("k1") is not None
        assert source.lifetime == lifetime
        assert not source.expired


async def test_a_removed_key_stops_being_accepted_after_the_jwks_lifetime() -> None:
    """Issue 15 hole 4: the key set expires with its cache lifetime and is refreshed in the background; a token
    verified (and cached) with a key auth no longer publishes is refused from then on."""
    signers = [TestSigner(kid="old"), TestSigner(kid="new")]
    hits: list[int] = []
    app = jwks_app(signers, hits, "public, max-age=1")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://auth") as client:
        source = JwksKeySource(
            "http://auth/.well-known/jwks.json", client=client, min_lifetime=0.2, min_refresh_interval=60
        )
        verifier = TokenVerifier(source)
        old_token, new_token = signers[0].token(3), signers[1].token(4)
        assert (await verifier.verify(old_token, PrincipalKind.USER)).id == 3
        assert verifier.cached(old_token, PrincipalKind.USER) is not None
        await source.start()
        try:
            del signers[0]  # auth removes the old (say, compromised) key
            await asyncio.sleep(0.3)  # still within the 1 s lifetime: nothing changed yet
            assert verifier.cached(old_token, PrincipalKind.USER) is not None
            for _ in range(100):  # the background refresh picks the change up within the lifetime
                if verifier.cached(old_token, PrincipalKind.USER) is None:
                    break
                await asyncio.sleep(0.05)
            assert verifier.cached(old_token, PrincipalKind.USER) is None
            with pytest.raises(InvalidTokenError):
                await verifier.verify(old_token, PrincipalKind.USER)
            assert (await verifier.verify(new_token, PrincipalKind.USER)).id == 4
        finally:
            await source.stop()
        assert 2 <= len(hits) <= 4  # one fetch per lifetime (plus the first), not one per request


async def test_without_a_background_task_an_expired_key_set_is_refreshed_on_use() -> None:
    signers = [TestSigner(kid="old")]
    hits: list[int] = []
    app = jwks_app(signers, hits, "max-age=0")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://auth") as client:
        source = JwksKeySource(
            "http://auth/.well-known/jwks.json", client=client, min_lifetime=0.05, min_refresh_interval=0.0
        )
        token = signers[0].token(5)
        assert (await TokenVerifier(source).verify(token, PrincipalKind.USER)).id == 5
        signers.clear()
        await asyncio.sleep(0.1)
        with pytest.raises(InvalidTokenError):
            await TokenVerifier(source).verify(token, PrincipalKind.USER)


async def test_auth_down_keeps_the_last_keys_and_the_refresh_retries() -> None:
    signers = [TestSigner(kid="k1")]
    hits: list[int] = []
    down = False
    inner = jwks_app(signers, hits, "max-age=0")

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if down and scope["type"] == "http":
            await send({"type": "http.response.start", "status": 503, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await inner(scope, receive, send)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://auth") as client:
        source = JwksKeySource(
            "http://auth/.well-known/jwks.json", client=client, min_lifetime=0.05, min_refresh_interval=0.02
        )
        verifier = TokenVerifier(source)
        assert (await verifier.verify(signers[0].token(6), PrincipalKind.USER)).id == 6
        down = True
        await source.start()
        try:
            await asyncio.sleep(0.2)
            assert (await TokenVerifier(source).verify(signers[0].token(6), PrincipalKind.USER)).id == 6
            down = False
            before = len(hits)
            for _ in range(100):
                if len(hits) > before:
                    break
                await asyncio.sleep(0.02)
            assert len(hits) > before
        finally:
            await source.stop()


async def test_verified_tokens_are_cached(published: tuple[list[TestSigner], list[int], JwksKeySource]) -> None:
    signers, _, source = published
    verifier = TokenVerifier(source)
    token = signers[0].token(9)
    assert verifier.cached(token, PrincipalKind.USER) is None
    await verifier.verify(token, PrincipalKind.USER)
    cached = verifier.cached(token, PrincipalKind.USER)
    assert cached is not None
    assert cached.id == 9
    assert verifier.cached(token, PrincipalKind.ADMIN) is None


async def test_revoked_principals_are_rejected_even_from_cache(
    published: tuple[list[TestSigner], list[int], JwksKeySource], redis_client: Redis
) -> None:
    signers, _, source = published
    revocations = RevocationList(redis_client, interval=0.05)
    verifier = TokenVerifier(source, revocations=revocations)
    token = signers[0].token(11)
    other = signers[0].token(12)
    await verifier.verify(token, PrincipalKind.USER)
    await record_revocation(redis_client, PrincipalKind.USER, "11", ttl_seconds=900)
    await revocations.refresh()
    assert verifier.cached(token, PrincipalKind.USER) is None
    with pytest.raises(InvalidTokenError):
        await verifier.verify(token, PrincipalKind.USER)
    assert (await verifier.verify(other, PrincipalKind.USER)).id == 12
    assert await redis_client.zscore(REVOCATION_KEY, "user:11") is not None
    # a token issued after the revocation instant is accepted again
    await redis_client.zadd(REVOCATION_KEY, {"user:11": time.time() - 5})
    await revocations.refresh()
    assert (await verifier.verify(signers[0].token(11), PrincipalKind.USER)).id == 11


class HeldRead:
    """Redis whose first revocation-list read returns only when ``release`` is set (a poll still in flight)."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self.read = asyncio.Event()
        self.release = asyncio.Event()
        self._held = False

    async def zrangebyscore(self, *args: Any, **kwargs: Any) -> Any:
        entries = await self._redis.zrangebyscore(*args, **kwargs)
        if not self._held:
            self._held = True
            self.read.set()
            await self.release.wait()
        return entries


async def test_a_poll_in_flight_never_undoes_a_later_refresh(redis_client: Redis) -> None:
    held = HeldRead(redis_client)
    revocations = RevocationList(cast(Redis, held))
    signer = TestSigner()
    principal = await TokenVerifier(signer.key_source()).verify(signer.token(5), PrincipalKind.USER)
    poll = asyncio.create_task(revocations.refresh())  # the background poll: it read the list before the revocation
    await held.read.wait()
    await record_revocation(redis_client, PrincipalKind.USER, "5", ttl_seconds=900)
    await revocations.refresh()  # what auth does right after recording a revocation
    assert revocations.is_revoked(principal)
    held.release.set()
    await poll
    assert revocations.is_revoked(principal)


class CompletesDespiteCancellation:
    """Redis whose second call returns normally when cancelled, as redis-py's can on Python 3.11: it sends through
    ``asyncio.wait_for`` (a socket timeout is set), which returns the inner call's result instead of raising when that
    call finished just as the cancellation arrived. Later calls wait until cancelled."""

    def __init__(self) -> None:
        self.calls = 0
        self.polling = asyncio.Event()

    async def zrangebyscore(self, *_: Any, **__: Any) -> list[Any]:
        self.calls += 1
        if self.calls == 2:
            self.polling.set()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.Event().wait()
        elif self.calls > 2:
            await asyncio.Event().wait()
        return []


async def test_stop_ends_the_poll_even_when_a_redis_call_loses_the_cancellation() -> None:
    redis = CompletesDespiteCancellation()
    revocations = RevocationList(cast(Redis, redis), interval=0.01)
    await revocations.start()
    await redis.polling.wait()  # the background poll is inside a Redis call
    stopping = asyncio.create_task(revocations.stop())
    done, _ = await asyncio.wait({stopping}, timeout=10)
    # Before the poll loop checked a flag, it went on polling and stop() never returned (the app's shutdown hung).
    assert done == {stopping}
    assert redis.calls == 2


async def test_revocation_list_polls_in_the_background(redis_client: Redis) -> None:
    revocations = RevocationList(redis_client, interval=0.02)
    await revocations.start()
    try:
        await record_revocation(redis_client, PrincipalKind.ADMIN, "3", ttl_seconds=900)
        signer = TestSigner()
        token_principal = await TokenVerifier(signer.key_source()).verify(
            signer.token(3, PrincipalKind.ADMIN), PrincipalKind.ADMIN
        )
        for _ in range(100):
            if revocations.is_revoked(token_principal):
                break
            await asyncio.sleep(0.02)
        assert revocations.is_revoked(token_principal)
    finally:
        await revocations.stop()
