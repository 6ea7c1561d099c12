"""Composition root: builds the engine, sessionmaker, Redis client and token verifier for the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ani_common.db import assert_database_at_head, create_engine, create_sessionmaker
from ani_common.health import ReadinessCheck
from ani_common.redis import create_redis
from ani_common.tokens import JwksKeySource, KeySource, RevocationList, TokenVerifier
from ani_write.config import Settings

__all__ = ["ALEMBIC_INI", "Overrides", "lifespan_for", "readiness_checks"]

ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


@dataclass(frozen=True, slots=True)
class Overrides:
    """Test seams: a sessionmaker bound to the test transaction, a Redis client, a key source."""

    sessionmaker: async_sessionmaker[AsyncSession] | None = None
    redis: Redis | None = None
    keys: KeySource | None = None


def lifespan_for(
    settings: Settings, overrides: Overrides | None = None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    overrides = overrides or Overrides()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine: AsyncEngine | None = None
        if overrides.sessionmaker is None:
            engine = create_engine(
                settings.database_dsn, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
            )
            if settings.is_production:
                await assert_database_at_head(engine, ALEMBIC_INI)
            app.state.sessionmaker = create_sessionmaker(engine)
        else:
            app.state.sessionmaker = overrides.sessionmaker
        redis = overrides.redis or create_redis(settings.redis_dsn, max_connections=settings.redis_max_connections)
        app.state.redis = redis
        keys = overrides.keys or JwksKeySource(settings.jwks_url)
        revocations = RevocationList(redis)
        await revocations.start()
        app.state.token_verifier = TokenVerifier(keys, issuer=settings.jwt_issuer, revocations=revocations)
        try:
            yield
        finally:
            await revocations.stop()
            if isinstance(keys, JwksKeySource) and overrides.keys is None:
                await keys.aclose()
            if overrides.redis is None:
                await redis.aclose()
            if engine is not None:
                await engine.dispose()

    return lifespan


def readiness_checks(request: Request) -> Mapping[str, ReadinessCheck]:
    state = request.app.state

    async def database() -> None:
        async with state.sessionmaker() as session:
            await session.execute(text("SELECT 1"))

    async def redis() -> None:
        await state.redis.ping()

    return {"database": database, "redis": redis}
