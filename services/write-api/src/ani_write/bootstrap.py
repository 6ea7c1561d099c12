"""Composition root: the asyncpg pool, Redis client and token verifier for the app's lifespan, the query ports, and
every use case handler (built once per app; the routes look them up in ``app.state``).

Data access runs on asyncpg directly (prebuilt SQL); SQLAlchemy is used for the schema and Alembic only. See
``docs/services/write-api.md`` for why.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from redis.asyncio import Redis

from ani_common.db import assert_production_database, create_engine
from ani_common.health import ReadinessCheck
from ani_common.ratelimit import RateLimiter
from ani_common.redis import create_redis
from ani_common.tokens import JwksKeySource, KeySource, RevocationList, TokenVerifier
from ani_write.api.dependencies import Handlers
from ani_write.api.write_limits import WriteLimits
from ani_write.application.admin.attach_episode import AttachEpisodeHandler
from ani_write.application.admin.create_anime import CreateAnimeHandler
from ani_write.application.admin.create_episode import CreateEpisodeHandler
from ani_write.application.admin.create_video import CreateVideoHandler
from ani_write.application.admin.delete_resource import DeleteResourceHandler
from ani_write.application.admin.detach_episode import DetachEpisodeHandler
from ani_write.application.admin.release_locks import ReleaseLocksHandler
from ani_write.application.admin.request_rebuild import RequestRebuildHandler
from ani_write.application.admin.resources import ANIME, EPISODE, VIDEO_SOURCE
from ani_write.application.admin.update_resource import UpdateResourceHandler
from ani_write.application.commands.clear_history import ClearHistoryHandler
from ani_write.application.commands.delete_history_entry import DeleteHistoryEntryHandler
from ani_write.application.commands.delete_library_item import DeleteLibraryItemHandler
from ani_write.application.commands.import_anime import ImportAnimeHandler
from ani_write.application.commands.import_episodes import ImportEpisodesHandler
from ani_write.application.commands.import_legacy_data import ImportLegacyDataHandler
from ani_write.application.commands.import_titles import ImportTitlesHandler
from ani_write.application.commands.import_video import ImportVideoHandler
from ani_write.application.commands.put_library_item import PutLibraryItemHandler
from ani_write.application.commands.record_progress import RecordProgressHandler
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.config import Settings
from ani_write.domain.limits import UserDataLimits
from ani_write.infrastructure.db.admin_repository import AsyncpgAdminQueries
from ani_write.infrastructure.db.connections import ConnectionSource, PoolConnectionSource, create_pool
from ani_write.infrastructure.db.queries import AsyncpgCatalogQueries, AsyncpgUserDataQueries
from ani_write.infrastructure.db.unit_of_work import AsyncpgUnitOfWork
from ani_write.infrastructure.db.wakeups import OutboxWakeups

__all__ = ["ALEMBIC_INI", "Overrides", "build_handlers", "lifespan_for", "readiness_checks"]

ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


@dataclass(frozen=True, slots=True)
class Overrides:
    """Test seams: a connection source inside the test's transaction, a Redis client, a key source."""

    connections: ConnectionSource | None = None
    redis: Redis | None = None
    keys: KeySource | None = None


def build_handlers(uow: UnitOfWorkFactory) -> Handlers:
    """Every write use case of the routes, on the app's unit of work factory."""
    return Handlers(
        put_library_item=PutLibraryItemHandler(uow),
        delete_library_item=DeleteLibraryItemHandler(uow),
        delete_history_entry=DeleteHistoryEntryHandler(uow),
        clear_history=ClearHistoryHandler(uow),
        import_legacy_data=ImportLegacyDataHandler(uow),
        import_titles=ImportTitlesHandler(uow),
        import_anime=ImportAnimeHandler(uow),
        import_episodes=ImportEpisodesHandler(uow),
        import_video=ImportVideoHandler(uow),
        create_anime=CreateAnimeHandler(uow),
        update_anime=UpdateResourceHandler(uow, ANIME),
        delete_anime=DeleteResourceHandler(uow, ANIME),
        release_anime_locks=ReleaseLocksHandler(uow, ANIME),
        create_episode=CreateEpisodeHandler(uow),
        update_episode=UpdateResourceHandler(uow, EPISODE),
        attach_episode=AttachEpisodeHandler(uow),
        detach_episode=DetachEpisodeHandler(uow),
        delete_episode=DeleteResourceHandler(uow, EPISODE),
        release_episode_locks=ReleaseLocksHandler(uow, EPISODE),
        create_video=CreateVideoHandler(uow),
        update_video=UpdateResourceHandler(uow, VIDEO_SOURCE),
        delete_video=DeleteResourceHandler(uow, VIDEO_SOURCE),
        release_video_locks=ReleaseLocksHandler(uow, VIDEO_SOURCE),
        request_rebuild=RequestRebuildHandler(uow),
    )


def lifespan_for(
    settings: Settings, overrides: Overrides | None = None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    overrides = overrides or Overrides()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = None
        connections = overrides.connections
        if connections is None:
            if settings.is_production:
                engine = create_engine(settings.database_dsn, pool_size=1, max_overflow=0)
                try:
                    await assert_production_database(engine, ALEMBIC_INI)
                finally:
                    await engine.dispose()
            pool = await create_pool(
                settings.database_dsn,
                min_size=min(2, settings.db_pool_size),
                max_size=settings.db_pool_size + settings.db_max_overflow,
            )
            connections = PoolConnectionSource(pool)
        source: ConnectionSource = connections
        app.state.connections = source
        wakeups = OutboxWakeups(source, interval=settings.outbox_notify_interval)
        app.state.outbox_wakeups = wakeups
        limits = UserDataLimits(settings.user_max_library_items, settings.user_max_progress_rows)

        def uow_factory() -> AsyncpgUnitOfWork:
            return AsyncpgUnitOfWork(source, wakeups.poke, limits)

        app.state.handlers = build_handlers(uow_factory)
        # the hot path's handler, shared with the pure-ASGI fast path (``ani_write.api.v1.me``)
        app.state.record_progress_handler = RecordProgressHandler(uow_factory)
        app.state.user_queries = AsyncpgUserDataQueries(source)
        app.state.catalog_queries = AsyncpgCatalogQueries(source)
        app.state.admin_queries = AsyncpgAdminQueries(source)
        redis = overrides.redis or create_redis(settings.redis_dsn, max_connections=settings.redis_max_connections)
        app.state.redis = redis
        app.state.write_limits = WriteLimits(
            RateLimiter(redis, enabled=settings.rate_limit_enabled),
            progress_per_minute=settings.rate_limit_progress,
            library_per_minute=settings.rate_limit_library,
        )
        keys = overrides.keys or JwksKeySource(settings.jwks_url)
        if isinstance(keys, JwksKeySource) and overrides.keys is None:
            await keys.start()  # refreshed in the background for its cache lifetime; start-up never waits for auth
        revocations = RevocationList(redis)
        await revocations.start()
        app.state.token_verifier = TokenVerifier(keys, issuer=settings.jwt_issuer, revocations=revocations)
        try:
            yield
        finally:
            await revocations.stop()
            await wakeups.aclose()
            if isinstance(keys, JwksKeySource) and overrides.keys is None:
                await keys.aclose()
            if overrides.redis is None:
                await redis.aclose()
            if pool is not None:
                await pool.close()

    return lifespan


def readiness_checks(request: Request) -> Mapping[str, ReadinessCheck]:
    state = request.app.state

    async def database() -> None:
        async with state.connections.acquire() as connection:
            await connection.fetchval("SELECT 1")

    # Only PostgreSQL decides readiness: every write goes there and succeeds without Redis (write limits are skipped,
    # the revocation list keeps its last copy, the projector catches up). Were Redis a check, the gateway's health
    # check would take every write-api instance out of rotation during a Redis outage.
    return {"database": database}
