"""Test helpers: token decoding, cookie parsing, row factories."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import bcrypt
import httpx
import jwt
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ani_auth.config import Settings
from ani_auth.infrastructure.db.tables import admin_users, users

PASSWORD = "correct horse battery"
UserFactory = Callable[..., Awaitable[int]]
SettingsFactory = Callable[..., Settings]
AdminFactory = Callable[..., Awaitable[int]]


def claims(token: str) -> dict[str, Any]:
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def header(token: str) -> dict[str, Any]:
    return dict(jwt.get_unverified_header(token))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def set_cookies(response: httpx.Response) -> list[str]:
    return response.headers.get_list("set-cookie")


def cookie_value(response: httpx.Response, name: str) -> str:
    for line in set_cookies(response):
        key, _, rest = line.partition("=")
        if key == name:
            return rest.split(";", 1)[0]
    raise AssertionError(f"no Set-Cookie for {name}: {set_cookies(response)}")


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(4)).decode()


def error(response: httpx.Response) -> tuple[int, str, str]:
    body = response.json()["error"]
    assert body["trace_id"]
    return response.status_code, body["code"], body["message"]


def make_user_factory(sessionmaker: async_sessionmaker[AsyncSession]) -> UserFactory:
    async def create(email: str = "user@example.com", password: str = PASSWORD, *, is_active: bool = True) -> int:
        now = datetime.now(UTC)
        async with sessionmaker() as session:
            user_id = (
                await session.execute(
                    insert(users)
                    .values(
                        email=email,
                        hashed_password=hash_password(password),
                        is_active=is_active,
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(users.c.id)
                )
            ).scalar_one()
            await session.commit()
        return int(user_id)

    return create


def make_admin_factory(sessionmaker: async_sessionmaker[AsyncSession]) -> AdminFactory:
    async def create(
        email: str = "admin@example.com", password: str = PASSWORD, *, username: str = "admin", is_active: bool = True
    ) -> int:
        now = datetime.now(UTC)
        async with sessionmaker() as session:
            admin_id = (
                await session.execute(
                    insert(admin_users)
                    .values(
                        email=email,
                        username=username,
                        hashed_password=hash_password(password),
                        is_active=is_active,
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(admin_users.c.id)
                )
            ).scalar_one()
            await session.commit()
        return int(admin_id)

    return create


async def login(client: httpx.AsyncClient, email: str = "user@example.com", password: str = PASSWORD) -> httpx.Response:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response


async def register(
    client: httpx.AsyncClient, email: str = "user@example.com", password: str = PASSWORD
) -> httpx.Response:
    response = await client.post("/api/v1/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    return response
