"""The unit of work: one ``AsyncSession``, one transaction, the only place that commits."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ani_auth.application.ports import SessionRepository
from ani_auth.domain.principals import PrincipalType
from ani_auth.infrastructure.db.repositories import (
    SqlAlchemyAdminRepository,
    SqlAlchemyEventRepository,
    SqlAlchemySessionRepository,
    SqlAlchemyUserRepository,
)
from ani_auth.infrastructure.db.tables import admin_refresh_tokens, admin_users, user_refresh_tokens, users

__all__ = ["SqlAlchemyUnitOfWork", "SqlAlchemyUnitOfWorkFactory"]


class SqlAlchemyUnitOfWork:
    users: SqlAlchemyUserRepository
    admins: SqlAlchemyAdminRepository
    user_sessions: SqlAlchemySessionRepository
    admin_sessions: SqlAlchemySessionRepository
    events: SqlAlchemyEventRepository

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        session = self._sessionmaker()
        self._session = session
        self.users = SqlAlchemyUserRepository(session)
        self.admins = SqlAlchemyAdminRepository(session)
        self.user_sessions = SqlAlchemySessionRepository(session, user_refresh_tokens, users, "user_id")
        self.admin_sessions = SqlAlchemySessionRepository(session, admin_refresh_tokens, admin_users, "admin_id")
        self.events = SqlAlchemyEventRepository(session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session = self._session
        self._session = None
        if session is None:
            return
        try:
            await session.rollback()  # a no-op after commit(); discards anything uncommitted
        finally:
            await session.close()

    async def commit(self) -> None:
        if self._session is None:
            raise RuntimeError("unit of work is not active")
        await self._session.commit()

    def sessions_of(self, kind: PrincipalType) -> SessionRepository:
        return self.user_sessions if kind is PrincipalType.USER else self.admin_sessions


class SqlAlchemyUnitOfWorkFactory:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    def __call__(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self._sessionmaker)
