"""Redis client factory (redis-py asyncio, hiredis parser when installed)."""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError

__all__ = ["create_redis"]


def create_redis(
    url: str, *, max_connections: int = 50, decode_responses: bool = False, pool_timeout: float = 5.0
) -> Redis:
    """A pooled client. Values are ``bytes`` by default: read models are served as stored bytes.

    The pool blocks (up to ``pool_timeout`` seconds) when every connection is busy instead of failing at once:
    redis-py's default pool raises ``MaxConnectionsError`` as soon as more requests are in flight than connections.

    A command that fails on a broken connection is retried twice on a fresh one (50 ms, then 100 ms later): after Redis
    restarts, every pooled connection that sat idle through the outage fails its first command once, and without the
    retry a rebuild or a read would fail on that alone (docs/reliability.md). Timeouts are not retried, so a hung
    Redis still answers within ``socket_timeout``.
    """
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=pool_timeout,
        decode_responses=decode_responses,
        socket_connect_timeout=2.0,
        socket_timeout=5.0,
        health_check_interval=30,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 2, supported_errors=(RedisConnectionError,)),
    )
    # from_pool: the client owns the pool, so ``aclose()`` also closes its connections.
    return Redis.from_pool(pool)
