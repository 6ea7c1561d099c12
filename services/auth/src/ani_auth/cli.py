"""``ani-auth``: operational commands of the auth service.

* ``migrate [REVISION]`` — upgrade the database (default ``head``) as ``MIGRATION_DATABASE_URL`` (the owner role),
  else ``DATABASE_URL``.
* ``create-admin`` — create an admin account. E-mail, username and password come from ``--email``/``--username``,
  else ``ADMIN_EMAIL``/``ADMIN_USERNAME`` (default ``admin``); the password from ``--password-stdin``, else
  ``ADMIN_PASSWORD``, else an interactive prompt. The password is validated like a new password (8 characters to
  72 UTF-8 bytes). A duplicate e-mail or username is reported in one line with exit status 1.
* ``purge-sessions`` — delete expired refresh tokens (run it daily, e.g. from cron).
* ``disable-user EMAIL`` / ``enable-user EMAIL`` — disabling revokes every session and access token of the user.
* ``disable-admin EMAIL`` / ``enable-admin EMAIL`` — disabling revokes every session and access token of the admin
  (every service rejects their tokens within about a second).
* ``logout-admin EMAIL`` — sign an admin out everywhere: every session ends, every access token stops working.
* ``set-admin-password EMAIL`` — set a new password (``--password-stdin``, else ``ADMIN_PASSWORD``, else a prompt;
  validated like a new password) and sign the admin out everywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import re
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from alembic import command
from email_validator import EmailNotValidError, validate_email

from ani_auth.application.context import AuthContext
from ani_auth.application.create_admin import CreateAdmin, CreateAdminHandler
from ani_auth.application.disable_user import DisableUser, DisableUserHandler
from ani_auth.application.errors import AdminAlreadyExistsError, AdminNotFoundError, UserNotFoundError
from ani_auth.application.manage_admins import (
    ChangeAdminPassword,
    ChangeAdminPasswordHandler,
    LogoutAdminEverywhere,
    LogoutAdminEverywhereHandler,
    SetAdminActive,
    SetAdminActiveHandler,
)
from ani_auth.application.purge_sessions import PurgeSessionsHandler
from ani_auth.bootstrap import ALEMBIC_INI, build_context
from ani_auth.config import Settings
from ani_auth.domain.errors import PasswordPolicyError
from ani_auth.domain.passwords import check_new_password
from ani_auth.infrastructure.security.keys import load_keyring
from ani_common.db import alembic_config, create_engine, create_sessionmaker
from ani_common.redis import create_redis

__all__ = ["main"]

T = TypeVar("T")
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


class CliError(Exception):
    """A clean, one-line failure (exit status 1)."""


async def _with_context(settings: Settings, action: Callable[[AuthContext], Awaitable[T]]) -> T:
    engine = create_engine(settings.database_dsn, pool_size=2, max_overflow=0)
    redis = create_redis(settings.redis_dsn, max_connections=4)
    try:
        # The CLI never signs tokens: an ephemeral key satisfies the context without touching the real keys.
        context = build_context(
            settings,
            create_sessionmaker(engine),
            redis,
            load_keyring(signing_pem=None, ephemeral=True),
        )
        return await action(context)
    finally:
        await redis.aclose()
        await engine.dispose()


def _email(value: str) -> str:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise CliError(f"invalid e-mail address: {exc}") from None


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif os.environ.get("ADMIN_PASSWORD"):
        password = os.environ["ADMIN_PASSWORD"]
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != password:
            raise CliError("passwords do not match")
    try:
        return check_new_password(password)
    except PasswordPolicyError as exc:
        raise CliError(str(exc)) from None


def _create_admin(settings: Settings, args: argparse.Namespace) -> str:
    email_value = args.email or os.environ.get("ADMIN_EMAIL")
    if not email_value:
        raise CliError("an e-mail is required (--email or ADMIN_EMAIL)")
    email = _email(email_value)
    username = (args.username or os.environ.get("ADMIN_USERNAME") or "admin").strip()
    if not _USERNAME.match(username):
        raise CliError("username must be 1-64 characters of letters, digits and _ . @ -")
    password = _password(args)

    async def run(context: AuthContext) -> str:
        try:
            admin = await CreateAdminHandler(context)(CreateAdmin(email=email, username=username, password=password))
        except AdminAlreadyExistsError as exc:
            raise CliError(str(exc)) from None
        return f"Created admin #{admin.id} {admin.email} ({admin.username})"

    return asyncio.run(_with_context(settings, run))


def _purge(settings: Settings) -> str:
    async def run(context: AuthContext) -> str:
        purged = await PurgeSessionsHandler(context)()
        return ", ".join(f"{kind.value} refresh tokens purged: {count}" for kind, count in purged.items())

    return asyncio.run(_with_context(settings, run))


def _set_active(settings: Settings, email_value: str, active: bool) -> str:
    email = _email(email_value)

    async def run(context: AuthContext) -> str:
        try:
            user_id = await DisableUserHandler(context)(DisableUser(email=email, active=active))
        except UserNotFoundError:
            raise CliError(f"no user with e-mail {email}") from None
        return f"User #{user_id} {'enabled' if active else 'disabled; sessions and access tokens revoked'}"

    return asyncio.run(_with_context(settings, run))


def _admin_command(settings: Settings, command: str, args: argparse.Namespace) -> str:
    email = _email(args.email)
    password = _password(args) if command == "set-admin-password" else None

    async def run(context: AuthContext) -> str:
        try:
            if command == "logout-admin":
                admin, revoked = await LogoutAdminEverywhereHandler(context)(LogoutAdminEverywhere(target=email))
                return f"Admin #{admin.id} signed out everywhere: {revoked} sessions and every access token revoked"
            if command == "set-admin-password":
                assert password is not None  # noqa: S101 - read above for this command
                await ChangeAdminPasswordHandler(context)(ChangeAdminPassword(target=email, new_password=password))
                return f"Password of admin {email} changed; sessions and access tokens revoked"
            active = command == "enable-admin"
            admin = await SetAdminActiveHandler(context)(SetAdminActive(target=email, active=active))
        except AdminNotFoundError:
            raise CliError(f"no admin with e-mail {email}") from None
        if active:
            return f"Admin #{admin.id} enabled"
        return f"Admin #{admin.id} disabled; sessions and access tokens revoked"

    return asyncio.run(_with_context(settings, run))


_ADMIN_COMMANDS = ("disable-admin", "enable-admin", "logout-admin", "set-admin-password")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ani-auth", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    migrate = sub.add_parser("migrate", help="upgrade the database to the latest migration")
    migrate.add_argument("revision", nargs="?", default="head")
    create = sub.add_parser("create-admin", help="create an admin account")
    create.add_argument("--email")
    create.add_argument("--username")
    create.add_argument("--password-stdin", action="store_true", help="read the password from the first stdin line")
    sub.add_parser("purge-sessions", help="delete expired refresh tokens")
    disable = sub.add_parser("disable-user", help="disable a user: revokes every session and access token")
    disable.add_argument("email")
    enable = sub.add_parser("enable-user", help="re-enable a disabled user")
    enable.add_argument("email")
    helps = {
        "disable-admin": "disable an admin: revokes every session and access token",
        "enable-admin": "re-enable a disabled admin",
        "logout-admin": "sign an admin out everywhere: revokes every session and access token",
        "set-admin-password": "set an admin's password and sign them out everywhere",
    }
    for name in _ADMIN_COMMANDS:
        admin_parser = sub.add_parser(name, help=helps[name])
        admin_parser.add_argument("email")
        if name == "set-admin-password":
            admin_parser.add_argument(
                "--password-stdin", action="store_true", help="read the password from the first stdin line"
            )
    args = parser.parse_args(argv)

    settings = Settings()
    try:
        if args.command == "migrate":
            command.upgrade(alembic_config(ALEMBIC_INI, settings.migration_database_dsn), args.revision)
            return 0
        if args.command == "create-admin":
            message = _create_admin(settings, args)
        elif args.command == "purge-sessions":
            message = _purge(settings)
        elif args.command in _ADMIN_COMMANDS:
            message = _admin_command(settings, args.command, args)
        else:
            message = _set_active(settings, args.email, active=args.command == "enable-user")
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
