"""Access-token verification shared by every service that serves user or admin data.

Auth signs access tokens with Ed25519 (EdDSA) and publishes the public keys at ``/.well-known/jwks.json``.
Other services verify locally:

* :class:`JwksKeySource` fetches the JWKS, keeps it for its cache lifetime (``Cache-Control: max-age`` of auth's
  answer, 300 s when absent, bounded to 30 s..1 h) and refreshes it in the background before it expires, so a key
  auth removed (rotated out, or compromised) stops being accepted within one lifetime. It also re-fetches on an
  unknown ``kid`` (at most once per ``min_refresh_interval`` seconds, so a flood of forged ``kid`` values cannot
  hammer auth). When auth cannot be reached the last keys stay in use (auth down must not log everyone out).
  :class:`TokenVerifier` forgets every verified token when a key disappears.
* :class:`TokenVerifier` checks signature, ``exp``, ``iss``, ``aud`` and ``type`` and caches verified tokens until
  their ``exp`` (a cache hit costs a dict lookup instead of an Ed25519 verification).
* :class:`RevocationList` is the disabled-account check that does not call auth per request: auth records
  ``not_before`` per principal in a Redis sorted set; every service polls it every ``interval`` seconds into
  memory, and tokens issued before that instant are rejected. Entries expire after the access-token lifetime.

The FastAPI dependencies live in :mod:`ani_common.auth_deps`.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import httpx
import jwt
from jwt import PyJWK
from redis.asyncio import Redis

from ani_common.logging import get_logger

__all__ = [
    "ACCESS_TOKEN_TYPE",
    "ADMIN_AUDIENCE",
    "ALGORITHM",
    "DEFAULT_ISSUER",
    "REVOCATION_KEY",
    "USER_AUDIENCE",
    "InvalidTokenError",
    "JwksKeySource",
    "KeySource",
    "Principal",
    "PrincipalKind",
    "RevocationList",
    "StaticKeySource",
    "TokenVerifier",
    "record_revocation",
]

ALGORITHM = "EdDSA"
ACCESS_TOKEN_TYPE = "access"  # noqa: S105 - a claim value, not a secret
DEFAULT_ISSUER = "ani-auth"
USER_AUDIENCE = "ani-user"
ADMIN_AUDIENCE = "ani-admin"
REVOCATION_KEY = "auth:revocations"

_log = get_logger("ani.tokens")


class InvalidTokenError(Exception):
    """The token is not acceptable. The message is for logs only; clients get the contract message."""


class PrincipalKind(StrEnum):
    USER = "user"
    ADMIN = "admin"

    @property
    def audience(self) -> str:
        return ADMIN_AUDIENCE if self is PrincipalKind.ADMIN else USER_AUDIENCE


@dataclass(frozen=True, slots=True)
class Principal:
    kind: PrincipalKind
    subject: str
    token_id: str
    #: seconds since the epoch; auth issues ``iat`` with millisecond precision so revocations are exact
    issued_at: float
    expires_at: int
    #: admin tokens carry the admin's email (audit rows name who acted); ``None`` on user tokens
    email: str | None = None
    #: ``<kind>:<subject>``, the member of the revocation set (computed once: checked on every cached hit)
    revocation_member: str = field(init=False)
    id: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "revocation_member", f"{self.kind.value}:{self.subject}")
        object.__setattr__(self, "id", int(self.subject))


class KeySource(Protocol):
    async def get(self, kid: str) -> Any | None:
        """The public key object for ``kid``, or ``None`` when unknown."""
        ...


class StaticKeySource:
    """Keys given directly (tests, or a service configured with PEM public keys)."""

    def __init__(self, keys: Mapping[str, Any]) -> None:
        self._keys = dict(keys)

    async def get(self, kid: str) -> Any | None:
        return self._keys.get(kid)


_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:,|$)", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|,)\s*(?:no-store|no-cache)\s*(?:,|$)", re.IGNORECASE)


class JwksKeySource:
    """JWKS fetched over HTTP and kept for its cache lifetime; refreshed in the background (:meth:`start`), lazily
    when nothing runs in the background, and on an unknown ``kid`` with a minimum interval."""

    #: the lifetime when auth's answer has no ``max-age``, and the bounds any ``max-age`` is clamped to
    DEFAULT_LIFETIME = 300.0
    MIN_LIFETIME = 30.0
    MAX_LIFETIME = 3600.0

    def __init__(
        self,
        url: str,
        *,
        client: httpx.AsyncClient | None = None,
        min_refresh_interval: float = 10.0,
        timeout: float = 5.0,
        default_lifetime: float = DEFAULT_LIFETIME,
        min_lifetime: float = MIN_LIFETIME,
        max_lifetime: float = MAX_LIFETIME,
    ) -> None:
        self._url = url
        self._client = client
        self._owns_client = client is None
        self._timeout = timeout
        self._min_refresh_interval = min_refresh_interval
        self._default_lifetime = default_lifetime
        self._min_lifetime = min_lifetime
        self._max_lifetime = max_lifetime
        self._keys: dict[str, Any] = {}
        self._last_fetch = float("-inf")
        self._lifetime = default_lifetime
        self._expires_at = float("-inf")
        self._lock = asyncio.Lock()
        self._removal_listeners: list[Callable[[], None]] = []
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def lifetime(self) -> float:
        """Seconds the last fetched key set is valid for."""
        return self._lifetime

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self._expires_at

    def on_keys_removed(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever a refresh drops a key (verifiers forget what they verified with it)."""
        self._removal_listeners.append(callback)

    def lifetime_of(self, cache_control: str | None) -> float:
        """The cache lifetime a ``Cache-Control`` value gives, clamped to the bounds."""
        value = self._default_lifetime
        if cache_control:
            if _NO_CACHE.search(cache_control):
                value = self._min_lifetime
            elif (match := _MAX_AGE.search(cache_control)) is not None:
                value = float(match.group(1))
        return min(max(value, self._min_lifetime), self._max_lifetime)

    async def _fetch(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout)
        response = await self._client.get(self._url)
        response.raise_for_status()
        keys: dict[str, Any] = {}
        for jwk in response.json().get("keys", []):
            kid = jwk.get("kid")
            if not kid or jwk.get("use", "sig") != "sig":
                continue
            try:
                keys[kid] = PyJWK(jwk, algorithm=ALGORITHM).key
            except jwt.PyJWTError:
                _log.warning("Ignoring unusable JWK", kid=kid)
        removed = sorted(set(self._keys) - set(keys))
        self._keys = keys
        self._lifetime = self.lifetime_of(response.headers.get("cache-control"))
        self._expires_at = time.monotonic() + self._lifetime
        if removed:
            _log.info("Signing keys removed from the JWKS", kids=removed)
            for listener in self._removal_listeners:
                listener()

    async def refresh(self, *, force: bool = False) -> bool:
        """Fetch the key set (not within ``min_refresh_interval`` of the last attempt unless ``force``); True when a
        fresh set was loaded. A failure keeps the last set."""
        async with self._lock:
            now = time.monotonic()
            if not force and now - self._last_fetch < self._min_refresh_interval:
                return False
            self._last_fetch = now
            try:
                await self._fetch()
            except (httpx.HTTPError, ValueError) as exc:
                _log.warning("JWKS fetch failed", url=self._url, error_type=type(exc).__name__)
                return False
            return True

    async def get(self, kid: str) -> Any | None:
        if self._task is None and time.monotonic() >= self._expires_at:
            await self.refresh()  # nothing refreshes in the background: refresh lazily once the set expired
        key = self._keys.get(kid)
        if key is None:
            await self.refresh()
            key = self._keys.get(kid)
        return key

    async def _run(self) -> None:
        while not self._stopping:
            # Refresh when 90 % of the lifetime has passed, so the set is replaced before it expires.
            due = self._expires_at - self._lifetime * 0.1
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            if not await self.refresh(force=True) and not self._stopping:
                await asyncio.sleep(min(self._min_refresh_interval, self._lifetime) or 0.01)

    async def start(self) -> None:
        """Refresh in the background (the first fetch included: start-up never waits for auth)."""
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name="jwks-refresh")

    async def stop(self) -> None:
        if self._task is not None:
            self._stopping = True
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def aclose(self) -> None:
        await self.stop()
        if self._owns_client and self._client is not None:
            await self._client.aclose()


class RevocationList:
    """In-memory copy of auth's ``not_before`` instants, refreshed from Redis in the background."""

    def __init__(self, redis: Redis | None = None, *, interval: float = 1.0, key: str = REVOCATION_KEY) -> None:
        self._redis = redis
        self._interval = interval
        self._key = key
        self._not_before: dict[str, float] = {}
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._refreshes_started = 0
        self._applied_refresh = 0

    def is_revoked(self, principal: Principal) -> bool:
        not_before = self._not_before.get(principal.revocation_member)
        return not_before is not None and principal.issued_at < not_before

    async def refresh(self) -> None:
        """Reload the list. Refreshes may overlap (the background poll and an explicit one, e.g. auth's right after
        recording a revocation): a read that started earlier never replaces the result of one that started later."""
        if self._redis is None:
            return
        self._refreshes_started += 1
        refresh = self._refreshes_started
        now = time.time()
        entries = await self._redis.zrangebyscore(self._key, now - 86_400, "+inf", withscores=True)
        if refresh < self._applied_refresh:
            return
        not_before: dict[str, float] = {}
        for entry in entries:
            member, score = entry[0], entry[1]
            not_before[member.decode() if isinstance(member, bytes) else str(member)] = float(score)
        self._applied_refresh = refresh
        self._not_before = not_before

    async def _run(self) -> None:
        while True:
            try:
                await self.refresh()
            except Exception as exc:  # keep serving with the last known list
                _log.warning("Revocation list refresh failed", error_type=type(exc).__name__)
            if self._stopping:  # stop() cancelled the task during the refresh, and the cancellation was lost
                return
            await asyncio.sleep(self._interval)

    async def start(self) -> None:
        await self.refresh()
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name="revocation-list")

    async def stop(self) -> None:
        """Stop polling. Not by cancellation alone: a Redis call can complete instead of raising the cancellation
        (redis-py sends with ``asyncio.wait_for`` when a socket timeout is set, and on Python 3.11 ``wait_for`` returns
        the result of an inner call that finished as the cancellation arrived), so the loop also checks a flag."""
        if self._task is not None:
            self._stopping = True
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


async def record_revocation(redis: Redis, kind: PrincipalKind, subject: str, *, ttl_seconds: int) -> None:
    """Reject every access token of this principal issued before now (auth calls it on disable/logout-all)."""
    now = time.time()
    async with redis.pipeline(transaction=True) as pipe:
        pipe.zadd(REVOCATION_KEY, {f"{kind.value}:{subject}": now})
        pipe.zremrangebyscore(REVOCATION_KEY, "-inf", now - ttl_seconds - 86_400)
        await pipe.execute()


class TokenVerifier:
    """Verify EdDSA access tokens. ``verify`` never calls auth for a known key and caches successes until exp."""

    def __init__(
        self,
        keys: KeySource,
        *,
        issuer: str = DEFAULT_ISSUER,
        revocations: RevocationList | None = None,
        cache_size: int = 50_000,
        leeway_seconds: int = 0,
    ) -> None:
        self._keys = keys
        self._issuer = issuer
        self._revocations = revocations or RevocationList()
        self._cache: OrderedDict[str, Principal] = OrderedDict()
        self._cache_size = cache_size
        self._leeway = leeway_seconds
        if isinstance(keys, JwksKeySource):
            # A token verified with a key auth no longer publishes must be verified again (and then refused).
            keys.on_keys_removed(self._cache.clear)

    @property
    def revocations(self) -> RevocationList:
        return self._revocations

    def cached(self, token: str, kind: PrincipalKind) -> Principal | None:
        """Synchronous fast path: a previously verified, unexpired, unrevoked token of this kind."""
        principal = self._cache.get(token)
        if principal is None or principal.kind is not kind:
            return None
        if principal.expires_at + self._leeway <= time.time():
            self._cache.pop(token, None)
            return None
        if self._revocations.is_revoked(principal):
            return None
        return principal

    async def verify(self, token: str, kind: PrincipalKind) -> Principal:
        principal = self.cached(token, kind)
        if principal is not None:
            return principal
        principal = await self._verify_uncached(token, kind)
        if self._revocations.is_revoked(principal):
            raise InvalidTokenError("token issued before the principal's revocation")
        self._cache[token] = principal
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return principal

    async def _verify_uncached(self, token: str, kind: PrincipalKind) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidTokenError("malformed token") from exc
        if header.get("alg") != ALGORITHM:
            raise InvalidTokenError("unexpected algorithm")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InvalidTokenError("missing kid")
        key = await self._keys.get(kid)
        if key is None:
            raise InvalidTokenError("unknown kid")
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[ALGORITHM],
                audience=kind.audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "aud", "iss", "jti"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidTokenError(type(exc).__name__) from exc
        if claims.get("type") != ACCESS_TOKEN_TYPE:
            raise InvalidTokenError("not an access token")
        is_admin = claims.get("admin") is True
        if is_admin != (kind is PrincipalKind.ADMIN):
            raise InvalidTokenError("principal kind mismatch")
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject.isdigit():
            raise InvalidTokenError("bad subject")
        return Principal(
            kind=kind,
            subject=subject,
            token_id=str(claims["jti"]),
            issued_at=float(claims["iat"]),
            expires_at=int(claims["exp"]),
            email=claims["email"] if is_admin and isinstance(claims.get("email"), str) else None,
        )

    async def probe_audience(self, token: str) -> PrincipalKind | None:
        """Which kind a valid token is (used to answer 403 "Admin access required" for a user token)."""
        for kind in PrincipalKind:
            try:
                await self._verify_uncached(token, kind)
            except InvalidTokenError:
                continue
            return kind
        return None
