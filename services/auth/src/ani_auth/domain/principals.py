"""Accounts: users and admin accounts (two principal types that never share tokens)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["Admin", "PrincipalType", "User"]


class PrincipalType(StrEnum):
    USER = "user"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    hashed_password: str
    is_active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Admin:
    id: int
    email: str
    username: str
    hashed_password: str
    is_active: bool
    created_at: datetime
