from __future__ import annotations

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from ani_common.redis import create_redis


async def test_a_command_on_a_dropped_connection_is_retried_on_a_fresh_one(redis_url: str, redis_client: Redis) -> None:
    """After a Redis restart every idle pooled connection is dead: its next command must not fail on that alone."""
    client = create_redis(redis_url, max_connections=1)
    try:
        await client.set("retry:probe", b"1")
        stale_id = await client.client_id()
        assert await redis_client.client_kill_filter(_id=str(stale_id)) == 1  # the server drops the pooled connection
        assert await client.get("retry:probe") == b"1"
        assert await client.client_id() != stale_id
    finally:
        await client.aclose()


async def test_a_server_that_stays_away_still_fails_the_command() -> None:
    client = create_redis("redis://127.0.0.1:1/0", max_connections=1)  # nothing listens on port 1
    try:
        with pytest.raises(RedisConnectionError):
            await client.ping()
    finally:
        await client.aclose()
