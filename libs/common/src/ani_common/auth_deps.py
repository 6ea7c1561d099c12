"""FastAPI dependencies ``CurrentUser`` and ``CurrentAdmin``.

They read ``request.app.state.token_verifier`` (a :class:`~ani_common.tokens.TokenVerifier` built in the service's
lifespan). Contract (the replaced system's bearer errors with docs/contract.md 4 and 12):

* no ``Authorization`` header, or a scheme other than ``Bearer`` → 401 with ``WWW-Authenticate: Bearer``
  (``Not authenticated`` / ``Invalid authentication credentials``);
* invalid, expired, revoked token, or a token of the other kind → 401 ``Could not validate credentials``
  (admin routes: ``Could not validate admin credentials``);
* a valid **user** token on an admin route → 403 ``Admin access required``.

A user endpoint never accepts an admin token and vice versa (distinct ``aud``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ani_common.errors import ApiError, ErrorCode
from ani_common.tokens import InvalidTokenError, Principal, PrincipalKind, TokenVerifier

__all__ = [
    "BEARER_CHALLENGE",
    "CurrentAdmin",
    "CurrentUser",
    "bearer_token",
    "require_admin",
    "require_user",
]

BEARER_CHALLENGE = {"WWW-Authenticate": "Bearer"}
NOT_AUTHENTICATED = "Not authenticated"
INVALID_SCHEME = "Invalid authentication credentials"
INVALID_USER = "Could not validate credentials"
INVALID_ADMIN = "Could not validate admin credentials"
ADMIN_REQUIRED = "Admin access required"


def bearer_token(authorization: str | None) -> str:
    """Extract the token from an ``Authorization`` header value or raise the contract's 401."""
    if not authorization:
        raise ApiError(401, NOT_AUTHENTICATED, headers=BEARER_CHALLENGE)
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer":
        raise ApiError(401, INVALID_SCHEME, headers=BEARER_CHALLENGE)
    token = token.strip()
    if not token:
        raise ApiError(401, NOT_AUTHENTICATED, headers=BEARER_CHALLENGE)
    return token


def _verifier(request: Request) -> TokenVerifier:
    verifier: TokenVerifier = request.app.state.token_verifier
    return verifier


async def require_user(request: Request) -> Principal:
    token = bearer_token(request.headers.get("authorization"))
    verifier = _verifier(request)
    principal = verifier.cached(token, PrincipalKind.USER)
    if principal is not None:
        return principal
    try:
        return await verifier.verify(token, PrincipalKind.USER)
    except InvalidTokenError:
        raise ApiError(401, INVALID_USER, headers=BEARER_CHALLENGE) from None


async def require_admin(request: Request) -> Principal:
    token = bearer_token(request.headers.get("authorization"))
    verifier = _verifier(request)
    try:
        return await verifier.verify(token, PrincipalKind.ADMIN)
    except InvalidTokenError:
        if await verifier.probe_audience(token) is PrincipalKind.USER:
            raise ApiError(403, ADMIN_REQUIRED, code=ErrorCode.HTTP_ERROR) from None
        raise ApiError(401, INVALID_ADMIN, headers=BEARER_CHALLENGE) from None


CurrentUser = Annotated[Principal, Depends(require_user)]
CurrentAdmin = Annotated[Principal, Depends(require_admin)]
