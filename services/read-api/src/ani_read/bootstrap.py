"""Composition root: Redis client, read-model store and token verifier for the app's lifespan."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI, Request
from redis.asyncio import Redis

from ani_common.health import ReadinessCheck
from ani_common.logging import get_logger
from ani_common.redis import create_redis
from ani_common.tokens import JwksKeySource, KeySource, RevocationList, TokenVerifier
from ani_read.api.endpoints import ReadRuntime
from ani_read.config import Settings
from ani_read.infrastructure.redis_store import RedisReadModelStore

__all__ = ["Overrides", "lifespan_for", "readiness_checks"]

_log = get_logger("ani.read.bootstrap")


@dataclass(frozen=True, slots=True)
class Overrides:
    """Test seams: a Redis client and a key source."""

    redis: Redis | None = None
    keys: KeySource | None = None


def lifespan_for(
    settings: Settings, runtime: ReadRuntime, overrides: Overrides | None = None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    overrides = overrides or Overrides()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis = overrides.redis or create_redis(
            settings.redis_dsn, max_connections=settings.redis_max_connections, pool_timeout=2.0
        )
        app.state.redis = redis
        keys = overrides.keys or JwksKeySource(settings.jwks_url)
        if isinstance(keys, JwksKeySource) and overrides.keys is None:
            await keys.start()  # refreshed in the background for its cache lifetime; start-up never waits for auth
        revocations = RevocationList(redis)
        starter: asyncio.Task[None] | None = None
        try:
            await revocations.start()
        except Exception as exc:  # Redis down at start: answer 503s and keep trying instead of crashing
            _log.warning("Revocation list not loaded at start-up", error_type=type(exc).__name__)
            starter = asyncio.create_task(_start_when_possible(revocations), name="revocation-start")
        verifier = TokenVerifier(keys, issuer=settings.jwt_issuer, revocations=revocations)
        app.state.token_verifier = verifier
        runtime.store = RedisReadModelStore(
            redis,
            page_cache_size=settings.catalog_page_cache_size,
            library_cache_size=settings.library_cache_size,
        )
        runtime.verifier = verifier
        try:
            yield
        finally:
            runtime.store = None
            runtime.verifier = None
            if starter is not None:
                starter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await starter
            await revocations.stop()
            if isinstance(keys, JwksKeySource) and overrides.keys is None:
                await keys.aclose()
            if overrides.redis is None:
                await redis.aclose()

    return lifespan


async def _start_when_possible(revocations: RevocationList, interval: float = 1.0) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await revocations.start()
        except Exception as exc:
            _log.debug("Revocation list still unavailable", error_type=type(exc).__name__)
        else:
            return


def readiness_checks(request: Request) -> Mapping[str, ReadinessCheck]:
    state = request.app.state

    async def redis() -> None:
        await state.redis.ping()

    return {"redis": redis}
