from __future__ import annotations

from redis.asyncio import Redis

from ani_common.errors import ErrorCode
from ani_common.ratelimit import RateLimit, RateLimiter, rate_limit_error

RULE = RateLimit(limit=5, window_seconds=60)


async def test_counts_are_shared_between_limiter_instances(redis_client: Redis, redis_url: str) -> None:
    second_client = Redis.from_url(redis_url)
    first, second = RateLimiter(redis_client), RateLimiter(second_client)
    results = [await (first if i % 2 else second).hit("login", "ip:1.2.3.4", RULE) for i in range(7)]
    await second_client.aclose()
    assert [r.allowed for r in results] == [True] * 5 + [False] * 2
    assert [r.remaining for r in results] == [4, 3, 2, 1, 0, 0, 0]
    assert 0 < results[-1].reset_seconds <= 60


async def test_keys_and_names_are_independent(redis_client: Redis) -> None:
    limiter = RateLimiter(redis_client)
    for _ in range(5):
        await limiter.hit("login", "ip:a", RULE)
    assert not (await limiter.hit("login", "ip:a", RULE)).allowed
    assert (await limiter.hit("login", "ip:b", RULE)).allowed
    assert (await limiter.hit("refresh", "ip:a", RULE)).allowed


async def test_disabled_limiter_always_allows(redis_client: Redis) -> None:
    limiter = RateLimiter(redis_client, enabled=False)
    for _ in range(10):
        assert (await limiter.hit("login", "k", RULE)).allowed
    assert await redis_client.dbsize() == 0


async def test_error_has_contract_code_message_and_headers(redis_client: Redis) -> None:
    limiter = RateLimiter(redis_client)
    for _ in range(6):
        result = await limiter.hit("login", "k", RULE)
    error = rate_limit_error(result)
    assert error.status == 429
    assert error.code == ErrorCode.RATE_LIMIT_EXCEEDED
    assert error.message == "5 per 1 minute"
    assert error.headers is not None
    assert error.headers["RateLimit-Limit"] == "5"
    assert error.headers["RateLimit-Remaining"] == "0"
    assert int(error.headers["Retry-After"]) >= 1
