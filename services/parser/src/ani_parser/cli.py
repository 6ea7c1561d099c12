"""``ani-parser``: the Shikimori + Kodik importer (one-shot or cron)."""

from __future__ import annotations

import argparse
import sys

from ani_common.logging import configure_logging
from ani_parser.config import Settings

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ani-parser", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check-config", help="validate the configuration and print it (secrets masked)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    configure_logging(settings.log_level)
    if args.command == "check-config":
        print(settings.model_dump_json(indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
