"""``ani-auth``: operational commands of the auth service (migrations; admin creation and session purge join later)."""

from __future__ import annotations

import argparse
import sys

from alembic import command

from ani_auth.bootstrap import ALEMBIC_INI
from ani_auth.config import Settings
from ani_common.db import alembic_config

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ani-auth", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    migrate = sub.add_parser("migrate", help="upgrade the database to the latest migration")
    migrate.add_argument("revision", nargs="?", default="head")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        settings = Settings()
        command.upgrade(alembic_config(ALEMBIC_INI, settings.database_dsn), args.revision)
    return 0


if __name__ == "__main__":
    sys.exit(main())
