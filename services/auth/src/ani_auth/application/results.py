"""Small result objects returned by use cases."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_auth.application.ports import IssuedAccessToken

__all__ = ["LoginResult"]


@dataclass(frozen=True, slots=True)
class LoginResult:
    """An access token plus a new refresh token (the cookie value) for session ``family_id``."""

    principal_id: int
    access: IssuedAccessToken
    refresh_token: str
    family_id: UUID
