"""Composition root: Redis client and token verifier for the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI, Request
from redis.asyncio import Redis

from ani_common.health import ReadinessCheck
from ani_common.redis import create_redis
from ani_common.tokens import JwksKeySource, KeySource, RevocationList, TokenVerifier
from ani_read.config import Settings

__all__ = ["Overrides", "lifespan_for", "readiness_checks"]


@dataclass(frozen=True, slots=True)
class Overrides:
    """Test seams: a Redis client and a key source."""

    redis: Redis | None = None
    keys: KeySource | None = None


def lifespan_for(
    settings: Settings, overrides: Overrides | None = None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    overrides = overrides or Overrides()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
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

    return lifespan


def readiness_checks(request: Request) -> Mapping[str, ReadinessCheck]:
    state = request.app.state

    async def redis() -> None:
        await state.redis.ping()

    return {"redis": redis}
