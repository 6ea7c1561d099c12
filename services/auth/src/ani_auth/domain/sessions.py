"""Refresh sessions: one family per login, one opaque token per rotation.

A refresh token is 256 random bits (43 URL-safe base64 characters, as in the replaced system). Only its SHA-256 digest
is stored, under a unique index, so a lookup is one index probe whatever the number of live sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

__all__ = [
    "REFRESH_TOKEN_BYTES",
    "ClientInfo",
    "RefreshTokenState",
    "Rotation",
    "SessionInfo",
    "digest_refresh_token",
    "new_refresh_token",
]

REFRESH_TOKEN_BYTES = 32
_MAX_TOKEN_LENGTH = 256


def new_refresh_token() -> tuple[str, bytes]:
    """A fresh opaque token and its digest."""
    token = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
    return token, digest_refresh_token(token)


def digest_refresh_token(token: str) -> bytes:
    """SHA-256 of the token (no salt needed: the token itself has 256 bits of entropy)."""
    return hashlib.sha256(token[:_MAX_TOKEN_LENGTH].encode("utf-8", "surrogatepass")).digest()


@dataclass(frozen=True, slots=True)
class ClientInfo:
    """Who is calling: the trusted client IP and the (truncated) user agent."""

    ip: str | None
    user_agent: str | None

    @classmethod
    def of(cls, ip: str | None, user_agent: str | None) -> ClientInfo:
        return cls(ip=ip[:64] if ip else None, user_agent=user_agent[:512] if user_agent else None)


@dataclass(frozen=True, slots=True)
class RefreshTokenState:
    """What the store knows about a presented token."""

    owner_id: int
    family_id: UUID
    rotated: bool
    revoked: bool
    expired: bool

    @property
    def usable(self) -> bool:
        return not (self.rotated or self.revoked or self.expired)

    @property
    def is_reuse(self) -> bool:
        """A token that was already exchanged, presented again while its family is live: likely stolen."""
        return self.rotated and not self.revoked


@dataclass(frozen=True, slots=True)
class Rotation:
    owner_id: int
    family_id: UUID


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A live session (family) as its owner sees it."""

    id: UUID
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    ip: str | None
