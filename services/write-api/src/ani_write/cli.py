"""``ani-write``: operational commands of the write-api.

* ``ani-write migrate [REVISION]`` — upgrade the database (default: head) as its owner: ``MIGRATION_DATABASE_URL``,
  else ``DATABASE_URL``.
* ``ani-write rebuild [all] | --anime SLUG | --user ID [--provider P]`` — recompute read models from PostgreSQL into
  Redis (safe while projectors run); prints progress.
* The projector itself: ``python -m ani_write.projector``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from alembic import command

from ani_common.db import alembic_config
from ani_common.logging import configure_logging
from ani_write.application.projection.rebuild_read_models import (
    InvalidRebuildTargetError,
    RebuildReadModels,
    RebuildRequest,
    RebuildResult,
    RebuildScope,
)
from ani_write.bootstrap import ALEMBIC_INI
from ani_write.config import Settings
from ani_write.infrastructure.projection.redis_sink import RedisReadModelSink
from ani_write.infrastructure.projection.source import PgModelStore
from ani_write.projector.service import open_resources
from ani_write.projector.settings import ProjectorSettings

__all__ = ["main", "rebuild", "rebuild_request"]


def rebuild_request(args: argparse.Namespace) -> RebuildRequest:
    if args.anime is not None:
        return RebuildRequest(RebuildScope.ANIME, slug=args.anime)
    if args.user is not None:
        return RebuildRequest(RebuildScope.USER, user_id=args.user, provider=args.provider)
    return RebuildRequest()


async def rebuild(settings: ProjectorSettings, request: RebuildRequest, *, quiet: bool = False) -> RebuildResult:
    started = time.monotonic()
    last = 0.0

    async def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if not quiet and (done in (0, total) or now - last >= 1.0):
            last = now
            print(f"rebuild {request.scope.value}: {done}/{total}", flush=True)

    async with open_resources(settings) as resources:
        use_case = RebuildReadModels(
            PgModelStore(resources.connections),
            RedisReadModelSink(resources.redis, concurrency=settings.projector_redis_concurrency),
            chunk_size=settings.projector_rebuild_chunk,
        )
        result = await use_case(request, progress)
    if not quiet:
        print(
            f"rebuild {request.scope.value}: done, {result.models} models written "
            f"({result.stale} already newer) in {time.monotonic() - started:.2f}s",
            flush=True,
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ani-write", description="Operational commands of the write-api.")
    sub = parser.add_subparsers(dest="command", required=True)
    migrate = sub.add_parser("migrate", help="upgrade the database to the latest migration")
    migrate.add_argument("revision", nargs="?", default="head")
    rebuild_parser = sub.add_parser("rebuild", help="recompute read models from PostgreSQL into Redis")
    rebuild_parser.add_argument("scope", nargs="?", choices=["all"], help="every read model (the default)")
    target = rebuild_parser.add_mutually_exclusive_group()
    target.add_argument("--anime", metavar="SLUG", help="one anime: its detail and catalog entry")
    target.add_argument("--user", metavar="ID", type=int, help="one user's library, progress and last history")
    rebuild_parser.add_argument("--provider", help="with --user: only this provider (default: every one seen)")
    rebuild_parser.add_argument("--quiet", action="store_true", help="no progress output")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        settings = Settings()
        command.upgrade(alembic_config(ALEMBIC_INI, settings.migration_database_dsn), args.revision)
        return 0
    if args.scope is not None and (args.anime is not None or args.user is not None):
        parser.error("rebuild: 'all' cannot be combined with --anime or --user")
    if args.provider is not None and args.user is None:
        parser.error("rebuild: --provider needs --user")
    try:
        request = rebuild_request(args)
    except InvalidRebuildTargetError as exc:
        parser.error(f"rebuild: {exc}")
    projector_settings = ProjectorSettings()
    configure_logging(projector_settings.log_level)
    asyncio.run(rebuild(projector_settings, request, quiet=args.quiet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
