"""Tables of the ``ani_auth`` database, on a metadata with the shared constraint naming convention.

* ``users`` / ``admin_users``: two principal types (admins are a separate table, as in the replaced system), e-mail
  unique case-insensitively through a unique index on ``lower(email)``.
* ``user_refresh_tokens`` / ``admin_refresh_tokens``: one row per refresh token, stored as its SHA-256 digest under a
  unique index. Rows of one login share ``family_id``; a rotation marks the old row ``rotated_at`` and inserts its
  successor. Rotated rows are kept until they expire so that presenting one again is recognised as reuse.
* ``auth_events``: audit of security-relevant events, written in the same transaction as the change.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from ani_common.db import make_metadata

__all__ = [
    "ADMIN_EMAIL_UNIQUE",
    "ADMIN_USERNAME_UNIQUE",
    "USER_EMAIL_UNIQUE",
    "admin_refresh_tokens",
    "admin_users",
    "auth_events",
    "metadata",
    "user_refresh_tokens",
    "users",
]

metadata = make_metadata()

USER_EMAIL_UNIQUE = "uq_users_email_lower"
ADMIN_EMAIL_UNIQUE = "uq_admin_users_email_lower"
ADMIN_USERNAME_UNIQUE = "uq_admin_users_username_lower"


def _timestamps() -> list[Column[object]]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


users = Table(
    "users",
    metadata,
    Column("id", Integer, Identity(), primary_key=True),
    Column("email", String(320), nullable=False),
    Column("hashed_password", String(255), nullable=False),
    Column("is_active", Boolean, nullable=False, server_default=text("true")),
    *_timestamps(),
)
Index(USER_EMAIL_UNIQUE, func.lower(users.c.email), unique=True)

admin_users = Table(
    "admin_users",
    metadata,
    Column("id", Integer, Identity(), primary_key=True),
    Column("email", String(320), nullable=False),
    Column("username", String(64), nullable=False),
    Column("hashed_password", String(255), nullable=False),
    Column("is_active", Boolean, nullable=False, server_default=text("true")),
    *_timestamps(),
)
Index(ADMIN_EMAIL_UNIQUE, func.lower(admin_users.c.email), unique=True)
Index(ADMIN_USERNAME_UNIQUE, func.lower(admin_users.c.username), unique=True)


def _refresh_tokens(name: str, owner_column: str, owner_table: str) -> Table:
    table = Table(
        name,
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("token_hash", LargeBinary(32), nullable=False, unique=True),
        Column(owner_column, Integer, ForeignKey(f"{owner_table}.id", ondelete="CASCADE"), nullable=False),
        Column("family_id", Uuid, nullable=False),
        Column("family_created_at", DateTime(timezone=True), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False),
        Column("rotated_at", DateTime(timezone=True), nullable=True),
        Column("revoked_at", DateTime(timezone=True), nullable=True),
        Column("revoke_reason", String(32), nullable=True),
        Column("user_agent", String(512), nullable=True),
        Column("ip", String(64), nullable=True),
    )
    Index(f"ix_{name}_{owner_column}", table.c[owner_column])
    Index(f"ix_{name}_family_id", table.c.family_id)
    Index(f"ix_{name}_expires_at", table.c.expires_at)
    return table


user_refresh_tokens = _refresh_tokens("user_refresh_tokens", "user_id", "users")
admin_refresh_tokens = _refresh_tokens("admin_refresh_tokens", "admin_id", "admin_users")

auth_events = Table(
    "auth_events",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("event", String(64), nullable=False),
    Column("principal_kind", String(8), nullable=False),
    Column("principal_id", Integer, nullable=True),
    Column("ip", String(64), nullable=True),
    Column("user_agent", String(512), nullable=True),
    Column("details", JSONB, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("ix_auth_events_principal", auth_events.c.principal_kind, auth_events.c.principal_id, auth_events.c.created_at)
