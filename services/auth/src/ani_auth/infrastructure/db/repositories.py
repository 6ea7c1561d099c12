"""SQLAlchemy Core repositories. They never commit: the unit of work does."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import LargeBinary, String, Table, and_, bindparam, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import Executable
from sqlalchemy.types import DateTime

from ani_auth.application.errors import AdminAlreadyExistsError, EmailAlreadyRegisteredError
from ani_auth.domain.principals import Admin, PrincipalType, User
from ani_auth.domain.sessions import ClientInfo, RefreshTokenState, Rotation, SessionInfo
from ani_auth.infrastructure.db.tables import (
    ADMIN_EMAIL_UNIQUE,
    ADMIN_USERNAME_UNIQUE,
    USER_EMAIL_UNIQUE,
    admin_users,
    auth_events,
    users,
)

__all__ = [
    "SqlAlchemyAdminRepository",
    "SqlAlchemyEventRepository",
    "SqlAlchemySessionRepository",
    "SqlAlchemyUserRepository",
    "constraint_name",
]

_TZ = DateTime(timezone=True)


def constraint_name(error: IntegrityError) -> str | None:
    """The violated constraint's name (asyncpg exposes it on the driver exception)."""
    current: BaseException | None = error.orig
    while current is not None:
        name = getattr(current, "constraint_name", None)
        if isinstance(name, str):
            return name
        current = current.__cause__
    return None


def _user(row: Any) -> User:
    return User(
        id=row.id,
        email=row.email,
        hashed_password=row.hashed_password,
        is_active=row.is_active,
        created_at=row.created_at,
    )


def _admin(row: Any) -> Admin:
    return Admin(
        id=row.id,
        email=row.email,
        username=row.username,
        hashed_password=row.hashed_password,
        is_active=row.is_active,
        created_at=row.created_at,
    )


_USER_COLUMNS = (users.c.id, users.c.email, users.c.hashed_password, users.c.is_active, users.c.created_at)
_ADMIN_COLUMNS = (
    admin_users.c.id,
    admin_users.c.email,
    admin_users.c.username,
    admin_users.c.hashed_password,
    admin_users.c.is_active,
    admin_users.c.created_at,
)


class SqlAlchemyUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, email: str, hashed_password: str, now: datetime) -> User:
        statement = (
            insert(users)
            .values(email=email, hashed_password=hashed_password, created_at=now, updated_at=now)
            .returning(*_USER_COLUMNS)
        )
        try:
            row = (await self._session.execute(statement)).one()
        except IntegrityError as exc:
            if constraint_name(exc) == USER_EMAIL_UNIQUE:
                raise EmailAlreadyRegisteredError from None
            raise
        return _user(row)

    async def get(self, user_id: int) -> User | None:
        row = (await self._session.execute(select(*_USER_COLUMNS).where(users.c.id == user_id))).one_or_none()
        return _user(row) if row is not None else None

    async def get_by_email(self, email: str) -> User | None:
        statement = select(*_USER_COLUMNS).where(func.lower(users.c.email) == email.lower())
        row = (await self._session.execute(statement)).one_or_none()
        return _user(row) if row is not None else None

    async def set_password(self, user_id: int, hashed_password: str, now: datetime) -> None:
        await self._session.execute(
            update(users).where(users.c.id == user_id).values(hashed_password=hashed_password, updated_at=now)
        )

    async def set_active(self, user_id: int, active: bool, now: datetime) -> None:
        await self._session.execute(update(users).where(users.c.id == user_id).values(is_active=active, updated_at=now))


class SqlAlchemyAdminRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, email: str, username: str, hashed_password: str, now: datetime) -> Admin:
        statement = (
            insert(admin_users)
            .values(email=email, username=username, hashed_password=hashed_password, created_at=now, updated_at=now)
            .returning(*_ADMIN_COLUMNS)
        )
        try:
            row = (await self._session.execute(statement)).one()
        except IntegrityError as exc:
            name = constraint_name(exc)
            if name == ADMIN_EMAIL_UNIQUE:
                raise AdminAlreadyExistsError("email") from None
            if name == ADMIN_USERNAME_UNIQUE:
                raise AdminAlreadyExistsError("username") from None
            raise
        return _admin(row)

    async def get(self, admin_id: int) -> Admin | None:
        statement = select(*_ADMIN_COLUMNS).where(admin_users.c.id == admin_id)
        row = (await self._session.execute(statement)).one_or_none()
        return _admin(row) if row is not None else None

    async def get_by_email(self, email: str) -> Admin | None:
        statement = select(*_ADMIN_COLUMNS).where(func.lower(admin_users.c.email) == email.lower())
        row = (await self._session.execute(statement)).one_or_none()
        return _admin(row) if row is not None else None

    async def list_all(self) -> Sequence[Admin]:
        rows = (await self._session.execute(select(*_ADMIN_COLUMNS).order_by(admin_users.c.id))).all()
        return [_admin(row) for row in rows]

    async def set_active(self, admin_id: int, active: bool, now: datetime) -> None:
        await self._session.execute(
            update(admin_users).where(admin_users.c.id == admin_id).values(is_active=active, updated_at=now)
        )

    async def set_password(self, admin_id: int, hashed_password: str, now: datetime) -> None:
        await self._session.execute(
            update(admin_users)
            .where(admin_users.c.id == admin_id)
            .values(hashed_password=hashed_password, updated_at=now)
        )


@functools.cache
def _rotate_statement(t: Table, owner: Table, owner_column: str) -> Executable:
    """The rotation as one statement, built once per table (the hot path of refresh)::

    WITH retired AS (
        UPDATE <tokens> SET rotated_at = :now
        WHERE token_hash = :old_digest AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > :now
          AND EXISTS (SELECT 1 FROM <owners> WHERE id = <tokens>.<owner_id> AND is_active)
        RETURNING <owner_id>, family_id, family_created_at)
    INSERT INTO <tokens> (...) SELECT :new_digest, <owner_id>, family_id, family_created_at, :now, ... FROM retired
    RETURNING <owner_id>, family_id
    """
    owner_id = t.c[owner_column]
    now = bindparam("p_now", type_=_TZ)
    retired = (
        update(t)
        .where(
            t.c.token_hash == bindparam("p_old_digest", type_=LargeBinary),
            t.c.rotated_at.is_(None),
            t.c.revoked_at.is_(None),
            t.c.expires_at > now,
            exists().where(and_(owner.c.id == owner_id, owner.c.is_active.is_(True))),
        )
        .values(rotated_at=now)
        .returning(owner_id, t.c.family_id, t.c.family_created_at)
        .cte("retired")
    )
    successor = select(
        bindparam("p_new_digest", type_=LargeBinary),
        retired.c[owner_column],
        retired.c.family_id,
        retired.c.family_created_at,
        now,
        bindparam("p_expires_at", type_=_TZ),
        bindparam("p_user_agent", type_=String),
        bindparam("p_ip", type_=String),
    )
    columns = [
        "token_hash",
        owner_column,
        "family_id",
        "family_created_at",
        "created_at",
        "expires_at",
        "user_agent",
        "ip",
    ]
    return insert(t).from_select(columns, successor).returning(owner_id, t.c.family_id)


class SqlAlchemySessionRepository:
    """Refresh tokens of one principal type (``table`` owned by ``owner`` through ``owner_column``)."""

    def __init__(self, session: AsyncSession, table: Table, owner: Table, owner_column: str) -> None:
        self._session = session
        self._t = table
        self._owner = owner
        self._owner_id = table.c[owner_column]
        self._owner_column = owner_column

    async def create(
        self, owner_id: int, digest: bytes, now: datetime, expires_at: datetime, client: ClientInfo
    ) -> UUID:
        family_id = uuid.uuid4()
        await self._session.execute(
            insert(self._t).values(
                {
                    "token_hash": digest,
                    self._owner_column: owner_id,
                    "family_id": family_id,
                    "family_created_at": now,
                    "created_at": now,
                    "expires_at": expires_at,
                    "user_agent": client.user_agent,
                    "ip": client.ip,
                }
            )
        )
        return family_id

    async def find(self, digest: bytes, now: datetime) -> RefreshTokenState | None:
        t = self._t
        statement = select(
            self._owner_id,
            t.c.family_id,
            t.c.rotated_at.is_not(None),
            t.c.revoked_at.is_not(None),
            t.c.expires_at <= now,
        ).where(t.c.token_hash == digest)
        row = (await self._session.execute(statement)).one_or_none()
        if row is None:
            return None
        return RefreshTokenState(
            owner_id=row[0], family_id=row[1], rotated=bool(row[2]), revoked=bool(row[3]), expired=bool(row[4])
        )

    async def rotate(
        self, old_digest: bytes, new_digest: bytes, now: datetime, expires_at: datetime, client: ClientInfo
    ) -> Rotation | None:
        params = {
            "p_old_digest": old_digest,
            "p_new_digest": new_digest,
            "p_now": now,
            "p_expires_at": expires_at,
            "p_user_agent": client.user_agent,
            "p_ip": client.ip,
        }
        row = (
            await self._session.execute(_rotate_statement(self._t, self._owner, self._owner_column), params)
        ).one_or_none()
        return Rotation(owner_id=row[0], family_id=row[1]) if row is not None else None

    async def revoke_family(self, family_id: UUID, now: datetime, reason: str) -> int:
        t = self._t
        statement = (
            update(t)
            .where(t.c.family_id == family_id, t.c.revoked_at.is_(None))
            .values(revoked_at=now, revoke_reason=reason)
            .returning(t.c.rotated_at)
        )
        rows = (await self._session.execute(statement)).all()
        return sum(1 for row in rows if row[0] is None)

    async def revoke_family_of_owner(self, owner_id: int, family_id: UUID, now: datetime, reason: str) -> int:
        t = self._t
        statement = (
            update(t)
            .where(
                t.c.family_id == family_id,
                self._owner_id == owner_id,
                t.c.revoked_at.is_(None),
                t.c.rotated_at.is_(None),
                t.c.expires_at > now,
            )
            .values(revoked_at=now, revoke_reason=reason)
            .returning(t.c.id)
        )
        revoked = len((await self._session.execute(statement)).all())
        if revoked:
            # Retire the family's rotated tokens too: presenting one later is then not "reuse" of a live family.
            await self.revoke_family(family_id, now, reason)
        return revoked

    async def revoke_all(self, owner_id: int, now: datetime, reason: str, *, keep: UUID | None = None) -> int:
        t = self._t
        conditions = [self._owner_id == owner_id, t.c.revoked_at.is_(None)]
        if keep is not None:
            conditions.append(t.c.family_id != keep)
        statement = (
            update(t)
            .where(*conditions)
            .values(revoked_at=now, revoke_reason=reason)
            .returning(t.c.rotated_at, t.c.expires_at)
        )
        rows = (await self._session.execute(statement)).all()
        return sum(1 for rotated_at, expires_at in rows if rotated_at is None and expires_at > now)

    async def list_live(self, owner_id: int, now: datetime) -> Sequence[SessionInfo]:
        t = self._t
        statement = (
            select(t.c.family_id, t.c.family_created_at, t.c.created_at, t.c.expires_at, t.c.user_agent, t.c.ip)
            .where(
                self._owner_id == owner_id,
                t.c.rotated_at.is_(None),
                t.c.revoked_at.is_(None),
                t.c.expires_at > now,
            )
            .order_by(t.c.created_at.desc(), t.c.id.desc())
        )
        rows = (await self._session.execute(statement)).all()
        return [
            SessionInfo(
                id=row.family_id,
                created_at=row.family_created_at,
                last_used_at=row.created_at,
                expires_at=row.expires_at,
                user_agent=row.user_agent,
                ip=row.ip,
            )
            for row in rows
        ]

    async def purge_expired(self, now: datetime, limit: int) -> int:
        t = self._t
        batch = select(t.c.id).where(t.c.expires_at <= now).limit(limit).scalar_subquery()
        result = await self._session.execute(delete(t).where(t.c.id.in_(batch)).returning(t.c.id))
        return len(result.all())


class SqlAlchemyEventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        event: str,
        kind: PrincipalType,
        principal_id: int | None,
        now: datetime,
        client: ClientInfo | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        await self._session.execute(
            insert(auth_events).values(
                event=event,
                principal_kind=kind.value,
                principal_id=principal_id,
                ip=client.ip if client else None,
                user_agent=client.user_agent if client else None,
                details=dict(details) if details is not None else None,
                created_at=now,
            )
        )
