"""Ed25519 signing helpers for tests of services that verify access tokens (no auth service needed)."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ani_common.tokens import ACCESS_TOKEN_TYPE, ALGORITHM, DEFAULT_ISSUER, PrincipalKind, StaticKeySource

__all__ = ["TestSigner"]


class TestSigner:
    """Mints access tokens exactly like auth does, with a key generated for the test."""

    __test__ = False  # not a pytest test class

    def __init__(self, kid: str = "test-key", issuer: str = DEFAULT_ISSUER) -> None:
        self.kid = kid
        self.issuer = issuer
        self.private_key = Ed25519PrivateKey.generate()

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def key_source(self) -> StaticKeySource:
        return StaticKeySource({self.kid: self.public_key})

    def token(
        self,
        subject: int | str,
        kind: PrincipalKind = PrincipalKind.USER,
        *,
        ttl_seconds: int = 900,
        issued_at: int | None = None,
        **overrides: Any,
    ) -> str:
        now = int(time.time()) if issued_at is None else issued_at
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": kind.audience,
            "sub": str(subject),
            "iat": now,
            "exp": now + ttl_seconds,
            "jti": uuid.uuid4().hex,
            "type": ACCESS_TOKEN_TYPE,
        }
        if kind is PrincipalKind.ADMIN:
            claims["admin"] = True
        claims.update(overrides)
        claims = {key: value for key, value in claims.items() if value is not None}
        return jwt.encode(claims, self.private_key, algorithm=ALGORITHM, headers={"kid": self.kid})
