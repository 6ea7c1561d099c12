"""Redis client factory (redis-py asyncio, hiredis parser when installed)."""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis

__all__ = ["create_redis"]


def create_redis(
    url: str, *, max_connections: int = 50, decode_responses: bool = False, pool_timeout: float = 5.0
) -> Redis:
    """A pooled client. Values are ``bytes`` by default: read models are served as stored bytes.

    The pool blocks (up to ``pool_timeout`` seconds) when every connection is busy instead of failing at once:
    redis-py's default pool raises ``MaxConnectionsError`` as soon as more requests are in flight than connections.
    """
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=pool_timeout,
        decode_responses=decode_responses,
        socket_connect_timeout=2.0,
        socket_timeout=5.0,
        health_check_interval=30,
    )
    # from_pool: the client owns the pool, so ``aclose()`` also closes its connections.
    return Redis.from_pool(pool)
