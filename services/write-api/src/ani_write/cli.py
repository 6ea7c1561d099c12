"""``ani-write``: operational commands of the write-api (migrations; the projector and rebuild join later)."""

from __future__ import annotations

import argparse
import sys

from alembic import command

from ani_common.db import alembic_config
from ani_write.bootstrap import ALEMBIC_INI
from ani_write.config import Settings

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ani-write", description=__doc__)
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
