"""The caller's live sessions (one per login family)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from ani_auth.application.context import AuthContext
from ani_auth.application.get_current_user import require_active_user
from ani_auth.domain.sessions import SessionInfo, digest_refresh_token

__all__ = ["ListSessions", "ListSessionsHandler", "SessionList"]


@dataclass(frozen=True, slots=True)
class ListSessions:
    user_id: int
    refresh_token: str | None


@dataclass(frozen=True, slots=True)
class SessionList:
    sessions: Sequence[SessionInfo]
    current: UUID | None


class ListSessionsHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, query: ListSessions) -> SessionList:
        now = self._ctx.clock.now()
        async with self._ctx.uow() as uow:
            await require_active_user(uow, query.user_id)
            sessions = await uow.user_sessions.list_live(query.user_id, now)
            current: UUID | None = None
            if query.refresh_token:
                state = await uow.user_sessions.find(digest_refresh_token(query.refresh_token), now)
                if state is not None and state.usable and state.owner_id == query.user_id:
                    current = state.family_id
        return SessionList(sessions=sessions, current=current)
