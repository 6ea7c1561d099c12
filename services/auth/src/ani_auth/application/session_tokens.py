"""Shared steps of the use cases that open a refresh session."""

from __future__ import annotations

from datetime import timedelta

from ani_auth.application.ports import AccessTokenIssuer, Clock, UnitOfWork
from ani_auth.application.results import LoginResult
from ani_auth.domain.principals import PrincipalType
from ani_auth.domain.sessions import ClientInfo, new_refresh_token

__all__ = ["open_session"]


async def open_session(
    uow: UnitOfWork,
    *,
    kind: PrincipalType,
    owner_id: int,
    client: ClientInfo,
    clock: Clock,
    ttl: timedelta,
    tokens: AccessTokenIssuer,
    event: str,
    email: str | None = None,
) -> LoginResult:
    """Start a new session family inside ``uow`` (the caller commits nothing: this commits) and mint tokens."""
    now = clock.now()
    refresh_token, digest = new_refresh_token()
    family_id = await uow.sessions_of(kind).create(owner_id, digest, now, now + ttl, client)
    await uow.events.add(event, kind, owner_id, now, client)
    await uow.commit()
    return LoginResult(
        principal_id=owner_id,
        access=tokens.issue(kind, owner_id, email=email),
        refresh_token=refresh_token,
        family_id=family_id,
    )
