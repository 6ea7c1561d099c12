"""Everything a use case may be wired with, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ani_auth.application.ports import (
    AccessRevoker,
    AccessTokenIssuer,
    Clock,
    PasswordHasher,
    Throttle,
    UnitOfWorkFactory,
)

__all__ = ["AuthContext"]


@dataclass(frozen=True, slots=True)
class AuthContext:
    uow: UnitOfWorkFactory
    hasher: PasswordHasher
    tokens: AccessTokenIssuer
    revoker: AccessRevoker
    throttle: Throttle
    clock: Clock
    refresh_ttl: timedelta
