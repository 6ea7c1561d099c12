"""Access tokens: EdDSA JWTs, signed exactly as ``ani_common.tokens.TokenVerifier`` verifies them."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt

from ani_auth.application.ports import IssuedAccessToken
from ani_auth.domain.principals import PrincipalType
from ani_auth.infrastructure.security.keys import KeyRing
from ani_common.tokens import ACCESS_TOKEN_TYPE, ALGORITHM, PrincipalKind

__all__ = ["Ed25519AccessTokenIssuer"]


class Ed25519AccessTokenIssuer:
    def __init__(self, keys: KeyRing, *, issuer: str, ttl_seconds: int) -> None:
        if keys.active.private_key is None:
            raise ValueError("the active key has no private part")
        self._key = keys.active.private_key
        self._headers = {"kid": keys.active.kid}
        self._issuer = issuer
        self._ttl = ttl_seconds

    def issue(self, kind: PrincipalType, subject: int, *, email: str | None = None) -> IssuedAccessToken:
        principal = PrincipalKind(kind.value)
        issued = time.time()
        now = int(issued)
        claims: dict[str, Any] = {
            "iss": self._issuer,
            "aud": principal.audience,
            "sub": str(subject),
            # millisecond precision: a revocation recorded a moment earlier never rejects this token
            "iat": round(issued, 3),
            "exp": now + self._ttl,
            "jti": uuid.uuid4().hex,
            "type": ACCESS_TOKEN_TYPE,
        }
        if principal is PrincipalKind.ADMIN:
            claims["admin"] = True
            if email is not None:
                claims["email"] = email
        token = jwt.encode(claims, self._key, algorithm=ALGORITHM, headers=self._headers)
        return IssuedAccessToken(token=token, expires_at=now + self._ttl)
