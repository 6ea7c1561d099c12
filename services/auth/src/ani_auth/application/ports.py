"""Ports: what the use cases need from the outside world, as Protocols."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self
from uuid import UUID

from ani_auth.domain.principals import Admin, PrincipalType, User
from ani_auth.domain.sessions import ClientInfo, RefreshTokenState, Rotation, SessionInfo

__all__ = [
    "AccessRevoker",
    "AccessTokenIssuer",
    "AdminRepository",
    "Clock",
    "EventRepository",
    "IssuedAccessToken",
    "PasswordHasher",
    "SessionRepository",
    "Throttle",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
]


class Clock(Protocol):
    def now(self) -> datetime: ...


class PasswordHasher(Protocol):
    """bcrypt, run off the event loop."""

    async def hash(self, password: str) -> str: ...

    async def verify(self, password: str, hashed: str) -> bool: ...

    async def verify_dummy(self, password: str) -> None:
        """Spend the same time as a real verification (unknown email: no timing oracle)."""
        ...


@dataclass(frozen=True, slots=True)
class IssuedAccessToken:
    token: str
    expires_at: int


class AccessTokenIssuer(Protocol):
    def issue(self, kind: PrincipalType, subject: int, *, email: str | None = None) -> IssuedAccessToken:
        """Mint an access token; ``email`` is carried on admin tokens (other services audit admin actions)."""
        ...


class AccessRevoker(Protocol):
    """Makes every service reject the principal's access tokens issued until now (no call to auth per request)."""

    async def revoke_access_tokens(self, kind: PrincipalType, subject: int) -> None: ...


class Throttle(Protocol):
    async def hit(self, action: str, key: str) -> None:
        """Counts one hit of ``action`` for ``key``; raises :class:`RateLimitedError` over the limit."""
        ...

    async def login_attempt(self, kind: str, account: str, client: str) -> None:
        """Counts a login attempt of ``client`` on ``account`` before the password is checked; raises
        :class:`RateLimitedError` while that client must wait (backoff) or the account's ceiling is reached."""
        ...

    async def login_succeeded(self, kind: str, account: str, client: str) -> None:
        """The password was right: reset the client's backoff and refund the attempt."""
        ...


class UserRepository(Protocol):
    async def add(self, email: str, hashed_password: str, now: datetime) -> User:
        """Raises :class:`EmailAlreadyRegisteredError` when the email exists (case-insensitively)."""
        ...

    async def get(self, user_id: int) -> User | None: ...

    async def get_by_email(self, email: str) -> User | None: ...

    async def set_password(self, user_id: int, hashed_password: str, now: datetime) -> None: ...

    async def set_active(self, user_id: int, active: bool, now: datetime) -> None: ...


class AdminRepository(Protocol):
    async def add(self, email: str, username: str, hashed_password: str, now: datetime) -> Admin:
        """Raises :class:`AdminAlreadyExistsError` on a duplicate email or username."""
        ...

    async def get(self, admin_id: int) -> Admin | None: ...

    async def get_by_email(self, email: str) -> Admin | None: ...

    async def list_all(self) -> Sequence[Admin]: ...

    async def set_active(self, admin_id: int, active: bool, now: datetime) -> None: ...

    async def set_password(self, admin_id: int, hashed_password: str, now: datetime) -> None: ...


class SessionRepository(Protocol):
    """Refresh-token families of one principal type."""

    async def create(
        self, owner_id: int, digest: bytes, now: datetime, expires_at: datetime, client: ClientInfo
    ) -> UUID: ...

    async def find(self, digest: bytes, now: datetime) -> RefreshTokenState | None: ...

    async def rotate(
        self, old_digest: bytes, new_digest: bytes, now: datetime, expires_at: datetime, client: ClientInfo
    ) -> Rotation | None:
        """One atomic statement: retire the old token and insert its successor, only if the old one is usable and
        its owner active. ``None`` when another request won the race or the token is not usable."""
        ...

    async def revoke_family(self, family_id: UUID, now: datetime, reason: str) -> int: ...

    async def revoke_family_of_owner(self, owner_id: int, family_id: UUID, now: datetime, reason: str) -> int: ...

    async def revoke_all(self, owner_id: int, now: datetime, reason: str, *, keep: UUID | None = None) -> int: ...

    async def list_live(self, owner_id: int, now: datetime) -> Sequence[SessionInfo]: ...

    async def purge_expired(self, now: datetime, limit: int) -> int:
        """Delete up to ``limit`` expired tokens (rotated and revoked ones included); returns how many."""
        ...


class EventRepository(Protocol):
    async def add(
        self,
        event: str,
        kind: PrincipalType,
        principal_id: int | None,
        now: datetime,
        client: ClientInfo | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None: ...


class UnitOfWork(Protocol):
    @property
    def users(self) -> UserRepository: ...

    @property
    def admins(self) -> AdminRepository: ...

    @property
    def user_sessions(self) -> SessionRepository: ...

    @property
    def admin_sessions(self) -> SessionRepository: ...

    @property
    def events(self) -> EventRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...

    def sessions_of(self, kind: PrincipalType) -> SessionRepository: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
