"""Composition root: engine, sessionmaker, Redis, keys, verifier and the use-case context for the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import orjson
from fastapi import FastAPI, Request
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ani_auth.application.context import AuthContext
from ani_auth.config import Settings
from ani_auth.infrastructure.clock import SystemClock
from ani_auth.infrastructure.db.unit_of_work import SqlAlchemyUnitOfWorkFactory
from ani_auth.infrastructure.redis.revocations import RedisAccessRevoker
from ani_auth.infrastructure.redis.throttle import LoginBackoff, RedisThrottle
from ani_auth.infrastructure.security.keys import KeyRing, load_keyring
from ani_auth.infrastructure.security.passwords import BcryptPasswordHasher
from ani_auth.infrastructure.security.tokens import Ed25519AccessTokenIssuer
from ani_common.db import assert_production_database, create_engine, create_sessionmaker
from ani_common.health import ReadinessCheck
from ani_common.ratelimit import RateLimit, RateLimiter
from ani_common.redis import create_redis
from ani_common.security import TrustedProxies
from ani_common.tokens import RevocationList, StaticKeySource, TokenVerifier

__all__ = ["ALEMBIC_INI", "Overrides", "build_context", "keyring_for", "lifespan_for", "readiness_checks"]

ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


@dataclass(frozen=True, slots=True)
class Overrides:
    """Test seams: a sessionmaker bound to the test transaction, a Redis client and a key ring."""

    sessionmaker: async_sessionmaker[AsyncSession] | None = None
    redis: Redis | None = None
    keys: KeyRing | None = None


def keyring_for(settings: Settings) -> KeyRing:
    return load_keyring(
        signing_pem=settings.signing_key_pem(),
        previous_pems=settings.previous_key_pems(),
        generate_into=settings.auth_data_dir if settings.generates_dev_key else None,
        ephemeral=not settings.is_production,
    )


def rate_limit_rules(settings: Settings) -> dict[str, RateLimit]:
    window = settings.rate_limit_window_seconds
    login = RateLimit(settings.rate_limit_login, window)
    admin_login = RateLimit(settings.rate_limit_admin_login, window)
    refresh = RateLimit(settings.rate_limit_refresh, window)
    return {
        "register": RateLimit(settings.rate_limit_register, window),
        "login-ip": login,
        "admin-login-ip": admin_login,
        "refresh-user": refresh,
        "refresh-admin": refresh,
        "password-change": RateLimit(settings.rate_limit_password_change, window),
        "admin-password-change": RateLimit(settings.rate_limit_password_change, window),
    }


def login_backoffs(settings: Settings) -> dict[str, LoginBackoff]:
    """Per (account, client): the per-IP allowance, then a backoff doubling from one window; per account: a ceiling."""

    def backoff(free: int, ceiling: int) -> LoginBackoff:
        return LoginBackoff(
            free=free,
            base_seconds=settings.rate_limit_window_seconds,
            max_seconds=settings.login_backoff_max_seconds,
            ceiling=ceiling,
            ceiling_window_seconds=settings.rate_limit_login_account_window_seconds,
            known_client_seconds=settings.refresh_ttl_seconds,
        )

    return {
        "login": backoff(settings.rate_limit_login, settings.rate_limit_login_account),
        "admin-login": backoff(settings.rate_limit_admin_login, settings.rate_limit_admin_login_account),
    }


def build_context(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    redis: Redis,
    keys: KeyRing,
    *,
    revocations: RevocationList | None = None,
) -> AuthContext:
    return AuthContext(
        uow=SqlAlchemyUnitOfWorkFactory(sessionmaker),
        hasher=BcryptPasswordHasher(settings.bcrypt_rounds),
        tokens=Ed25519AccessTokenIssuer(keys, issuer=settings.jwt_issuer, ttl_seconds=settings.access_ttl_seconds),
        revoker=RedisAccessRevoker(redis, ttl_seconds=settings.access_ttl_seconds, local=revocations),
        throttle=RedisThrottle(
            RateLimiter(redis, enabled=settings.rate_limit_enabled),
            rate_limit_rules(settings),
            redis=redis,
            logins=login_backoffs(settings),
            enabled=settings.rate_limit_enabled,
        ),
        clock=SystemClock(),
        refresh_ttl=timedelta(days=settings.refresh_ttl_days),
    )


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
                await assert_production_database(engine, ALEMBIC_INI)
            sessionmaker = create_sessionmaker(engine)
        else:
            sessionmaker = overrides.sessionmaker
        redis = overrides.redis or create_redis(settings.redis_dsn, max_connections=settings.redis_max_connections)
        keys = overrides.keys or keyring_for(settings)
        revocations = RevocationList(redis, interval=settings.revocation_poll_seconds)
        await revocations.start()
        app.state.sessionmaker = sessionmaker
        app.state.redis = redis
        app.state.token_verifier = TokenVerifier(
            StaticKeySource(keys.public_keys()), issuer=settings.jwt_issuer, revocations=revocations
        )
        app.state.jwks = orjson.dumps(keys.jwks())
        app.state.trusted_proxies = TrustedProxies(settings.trusted_proxies)
        app.state.auth = build_context(settings, sessionmaker, redis, keys, revocations=revocations)
        try:
            yield
        finally:
            await revocations.stop()
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
