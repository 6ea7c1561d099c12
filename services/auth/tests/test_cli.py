from __future__ import annotations

import asyncio
import io
import uuid
from datetime import UTC, datetime, timedelta

import bcrypt
import pytest
from redis.asyncio import Redis
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ani_auth.cli import main
from ani_auth.infrastructure.db.tables import (
    admin_refresh_tokens,
    admin_users,
    auth_events,
    user_refresh_tokens,
    users,
)
from ani_common.tokens import REVOCATION_KEY
from tests.helpers import PASSWORD, hash_password, make_user_factory


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str, redis_url: str, clean_engine: AsyncEngine) -> None:
    for name in ("ADMIN_EMAIL", "ADMIN_USERNAME", "ADMIN_PASSWORD", "JWT_SIGNING_KEY", "JWT_SIGNING_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ENV", "test")
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("BCRYPT_ROUNDS", "4")


async def run(argv: list[str]) -> int:
    # The CLI runs its own event loop (asyncio.run), so it gets a thread of its own.
    return await asyncio.to_thread(main, argv)


@pytest.mark.usefixtures("cli_env")
class TestCreateAdmin:
    async def test_creates_an_admin_from_the_environment(
        self, monkeypatch: pytest.MonkeyPatch, clean_engine: AsyncEngine, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("ADMIN_EMAIL", "Boss@Example.COM")
        monkeypatch.setenv("ADMIN_USERNAME", "boss")
        monkeypatch.setenv("ADMIN_PASSWORD", "a long admin password")
        assert await run(["create-admin"]) == 0
        assert "Created admin #" in capsys.readouterr().out
        async with clean_engine.connect() as connection:
            row = (await connection.execute(select(admin_users.c.email, admin_users.c.username))).one()
        assert tuple(row) == ("Boss@example.com", "boss")

    async def test_password_from_stdin_and_duplicates_are_clean_errors(
        self, monkeypatch: pytest.MonkeyPatch, clean_engine: AsyncEngine, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO("a long admin password\n"))
        assert await run(["create-admin", "--email", "a@example.com", "--username", "root", "--password-stdin"]) == 0
        capsys.readouterr()
        monkeypatch.setenv("ADMIN_PASSWORD", "another long password")
        assert await run(["create-admin", "--email", "A@EXAMPLE.com", "--username", "other"]) == 1
        assert capsys.readouterr().err.strip() == "error: An admin with this email already exists"
        assert await run(["create-admin", "--email", "b@example.com", "--username", "ROOT"]) == 1
        assert capsys.readouterr().err.strip() == "error: An admin with this username already exists"
        async with clean_engine.connect() as connection:
            assert (await connection.execute(select(func.count()).select_from(admin_users))).scalar_one() == 1

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("short", "Password must be at least 8 characters"),
            ("x" * 73, "Password must be at most 72 bytes in UTF-8"),
            ("password123", "Password is too common; choose one that is not on lists of frequently used passwords"),
        ],
    )
    async def test_password_is_validated_like_login(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], password: str, message: str
    ) -> None:
        monkeypatch.setenv("ADMIN_PASSWORD", password)
        assert await run(["create-admin", "--email", "a@example.com"]) == 1
        assert capsys.readouterr().err.strip() == f"error: {message}"

    async def test_invalid_email(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        monkeypatch.setenv("ADMIN_PASSWORD", "a long admin password")
        assert await run(["create-admin", "--email", "not-an-email"]) == 1
        assert capsys.readouterr().err.startswith("error: invalid e-mail address")


@pytest.mark.usefixtures("cli_env")
class TestPurgeSessions:
    async def test_deletes_only_expired_refresh_tokens(
        self, clean_engine: AsyncEngine, capsys: pytest.CaptureFixture[str]
    ) -> None:
        sessionmaker: async_sessionmaker[AsyncSession] = async_sessionmaker(clean_engine)
        user_id = await make_user_factory(sessionmaker)()
        now = datetime.now(UTC)
        import uuid

        rows = [
            {
                "token_hash": bytes([index]) * 32,
                "user_id": user_id,
                "family_id": uuid.uuid4(),
                "family_created_at": now,
                "created_at": now,
                "expires_at": now + timedelta(days=1 if index % 2 else -1),
            }
            for index in range(6)
        ]
        async with clean_engine.begin() as connection:
            await connection.execute(insert(user_refresh_tokens), rows)
        assert await run(["purge-sessions"]) == 0
        assert "user refresh tokens purged: 3" in capsys.readouterr().out
        async with clean_engine.connect() as connection:
            left = (await connection.execute(select(func.count()).select_from(user_refresh_tokens))).scalar_one()
        assert left == 3


@pytest.mark.usefixtures("cli_env")
class TestDisableUser:
    async def test_disables_revokes_sessions_and_access_tokens(
        self, clean_engine: AsyncEngine, redis_client: Redis, capsys: pytest.CaptureFixture[str]
    ) -> None:
        sessionmaker: async_sessionmaker[AsyncSession] = async_sessionmaker(clean_engine)
        user_id = await make_user_factory(sessionmaker)("victim@example.com")
        now = datetime.now(UTC)
        import uuid

        async with clean_engine.begin() as connection:
            await connection.execute(
                insert(user_refresh_tokens).values(
                    token_hash=b"\x01" * 32,
                    user_id=user_id,
                    family_id=uuid.uuid4(),
                    family_created_at=now,
                    created_at=now,
                    expires_at=now + timedelta(days=1),
                )
            )
        assert await run(["disable-user", "VICTIM@example.com"]) == 0
        assert "disabled" in capsys.readouterr().out
        async with clean_engine.connect() as connection:
            assert (await connection.execute(select(users.c.is_active))).scalar_one() is False
            revoked = (await connection.execute(select(user_refresh_tokens.c.revoke_reason))).scalar_one()
            assert revoked == "account_disabled"
            event = (await connection.execute(select(auth_events.c.event))).scalar_one()
            assert event == "user_disabled"
        assert await redis_client.zscore(REVOCATION_KEY, f"user:{user_id}") is not None

        assert await run(["enable-user", "victim@example.com"]) == 0
        async with clean_engine.connect() as connection:
            assert (await connection.execute(select(users.c.is_active))).scalar_one() is True

    async def test_unknown_user(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert await run(["disable-user", "ghost@example.com"]) == 1
        assert capsys.readouterr().err.strip() == "error: no user with e-mail ghost@example.com"


@pytest.mark.usefixtures("cli_env")
class TestAdminRevocation:
    """Hole 7 of issue 15 from the operator's side: disable / enable, sign out everywhere, password reset."""

    @staticmethod
    async def admin_with_session(clean_engine: AsyncEngine) -> int:
        now = datetime.now(UTC)
        async with clean_engine.begin() as connection:
            admin_id = (
                await connection.execute(
                    insert(admin_users)
                    .values(
                        email="ops@example.com",
                        username="ops",
                        hashed_password=hash_password(PASSWORD),
                        is_active=True,
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(admin_users.c.id)
                )
            ).scalar_one()
            await connection.execute(
                insert(admin_refresh_tokens).values(
                    token_hash=b"\x02" * 32,
                    admin_id=admin_id,
                    family_id=uuid.uuid4(),
                    family_created_at=now,
                    created_at=now,
                    expires_at=now + timedelta(days=1),
                )
            )
        return int(admin_id)

    @staticmethod
    async def state(clean_engine: AsyncEngine) -> tuple[bool, str | None, str]:
        async with clean_engine.connect() as connection:
            active, hashed = (
                await connection.execute(select(admin_users.c.is_active, admin_users.c.hashed_password))
            ).one()
            reason = (await connection.execute(select(admin_refresh_tokens.c.revoke_reason))).scalar_one()
        return active, reason, hashed

    async def test_disable_and_enable(
        self, clean_engine: AsyncEngine, redis_client: Redis, capsys: pytest.CaptureFixture[str]
    ) -> None:
        admin_id = await self.admin_with_session(clean_engine)
        assert await run(["disable-admin", "OPS@example.com"]) == 0
        assert capsys.readouterr().out.strip() == f"Admin #{admin_id} disabled; sessions and access tokens revoked"
        active, reason, _ = await self.state(clean_engine)
        assert (active, reason) == (False, "account_disabled")
        assert await redis_client.zscore(REVOCATION_KEY, f"admin:{admin_id}") is not None
        async with clean_engine.connect() as connection:
            events = (await connection.execute(select(auth_events.c.event))).scalars().all()
        assert events == ["admin_disabled"]
        assert await run(["enable-admin", "ops@example.com"]) == 0
        assert capsys.readouterr().out.strip() == f"Admin #{admin_id} enabled"
        assert (await self.state(clean_engine))[0] is True

    async def test_logout_everywhere(
        self, clean_engine: AsyncEngine, redis_client: Redis, capsys: pytest.CaptureFixture[str]
    ) -> None:
        admin_id = await self.admin_with_session(clean_engine)
        assert await run(["logout-admin", "ops@example.com"]) == 0
        assert "signed out everywhere: 1 sessions" in capsys.readouterr().out
        active, reason, _ = await self.state(clean_engine)
        assert (active, reason) == (True, "logout_all")
        assert await redis_client.zscore(REVOCATION_KEY, f"admin:{admin_id}") is not None

    async def test_set_password(
        self,
        clean_engine: AsyncEngine,
        redis_client: Redis,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        admin_id = await self.admin_with_session(clean_engine)
        monkeypatch.setattr("sys.stdin", io.StringIO("a fresh operator passphrase\n"))
        assert await run(["set-admin-password", "ops@example.com", "--password-stdin"]) == 0
        assert "Password of admin ops@example.com changed" in capsys.readouterr().out
        _, reason, hashed = await self.state(clean_engine)
        assert reason == "password_changed"
        assert bcrypt.checkpw(b"a fresh operator passphrase", hashed.encode())
        assert await redis_client.zscore(REVOCATION_KEY, f"admin:{admin_id}") is not None

    async def test_set_password_refuses_a_common_one(
        self, clean_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        await self.admin_with_session(clean_engine)
        monkeypatch.setenv("ADMIN_PASSWORD", "qwerty123")
        assert await run(["set-admin-password", "ops@example.com"]) == 1
        assert capsys.readouterr().err.startswith("error: Password is too common")
        assert (await self.state(clean_engine))[1] is None

    @pytest.mark.parametrize("command", ["disable-admin", "enable-admin", "logout-admin", "set-admin-password"])
    async def test_unknown_admin(
        self, command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("ADMIN_PASSWORD", "a fresh operator passphrase")
        assert await run([command, "ghost@example.com"]) == 1
        assert capsys.readouterr().err.strip() == "error: no admin with e-mail ghost@example.com"
