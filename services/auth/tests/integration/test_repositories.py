from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ani_auth.application.errors import AdminAlreadyExistsError, EmailAlreadyRegisteredError
from ani_auth.application.purge_sessions import PurgeSessionsHandler
from ani_auth.bootstrap import build_context
from ani_auth.config import Settings
from ani_auth.domain.sessions import ClientInfo, new_refresh_token
from ani_auth.infrastructure.db.unit_of_work import SqlAlchemyUnitOfWork
from ani_auth.infrastructure.security.keys import generate_private_key_pem, load_keyring

CLIENT = ClientInfo.of("127.0.0.1", "tests")


async def test_unique_email_violation_maps_to_the_application_error(
    db_sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    now = datetime.now(UTC)
    async with SqlAlchemyUnitOfWork(db_sessionmaker) as uow:
        await uow.users.add("Case@example.com", "hash", now)
        await uow.commit()
    async with SqlAlchemyUnitOfWork(db_sessionmaker) as uow:
        with pytest.raises(EmailAlreadyRegisteredError):
            await uow.users.add("case@EXAMPLE.com", "hash", now)


@pytest.mark.parametrize(("email", "username", "field"), [("A@x.io", "other", "email"), ("b@x.io", "ROOT", "username")])
async def test_admin_duplicates_name_the_field(
    db_sessionmaker: async_sessionmaker[AsyncSession], email: str, username: str, field: str
) -> None:
    now = datetime.now(UTC)
    async with SqlAlchemyUnitOfWork(db_sessionmaker) as uow:
        await uow.admins.add("a@x.io", "root", "hash", now)
        await uow.commit()
    async with SqlAlchemyUnitOfWork(db_sessionmaker) as uow:
        with pytest.raises(AdminAlreadyExistsError) as caught:
            await uow.admins.add(email, username, "hash", now)
    assert caught.value.field == field


async def test_rotation_succeeds_once_per_token(db_sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    now = datetime.now(UTC)
    _, digest = new_refresh_token()
    async with SqlAlchemyUnitOfWork(db_sessionmaker) as uow:
        user = await uow.users.add("r@example.com", "hash", now)
        family = await uow.user_sessions.create(user.id, digest, now, now + timedelta(days=1), CLIENT)
        await uow.commit()
    _, second = new_refresh_token()
    _, third = new_refresh_token()
    async with SqlAlchemyUnitOfWork(db_sessionmaker) as uow:
        rotation = await uow.user_sessions.rotate(digest, second, now, now + timedelta(days=1), CLIENT)
        assert rotation is not None
        assert (rotation.owner_id, rotation.family_id) == (user.id, family)
        assert await uow.user_sessions.rotate(digest, third, now, now + timedelta(days=1), CLIENT) is None
        state = await uow.user_sessions.find(digest, now)
        assert state is not None
        assert state.is_reuse
        successor = await uow.user_sessions.find(second, now)
        assert successor is not None
        assert successor.usable
        assert successor.family_id == family
        sessions = await uow.user_sessions.list_live(user.id, now)
        assert [session.id for session in sessions] == [family]


async def test_purge_runs_in_batches(db_sessionmaker: async_sessionmaker[AsyncSession]) -> None:

    now = datetime.now(UTC)
    async with SqlAlchemyUnitOfWork(db_sessionmaker) as uow:
        user = await uow.users.add("purge@example.com", "hash", now)
        for index in range(7):
            _, digest = new_refresh_token()
            expires = now + (timedelta(days=1) if index == 0 else -timedelta(seconds=1))
            await uow.user_sessions.create(user.id, digest, now - timedelta(days=2), expires, CLIENT)
        await uow.commit()
    settings = Settings(
        env="test", database_url="postgresql://unused/x", redis_url="redis://127.0.0.1:6379/0", _env_file=None
    )
    context = build_context(settings, db_sessionmaker, Redis(), load_keyring(signing_pem=generate_private_key_pem()))
    purged = await PurgeSessionsHandler(context, batch_size=2)()
    assert {kind.value: count for kind, count in purged.items()} == {"user": 6, "admin": 0}
    async with SqlAlchemyUnitOfWork(db_sessionmaker) as uow:
        assert len(await uow.user_sessions.list_live(user.id, now)) == 1
