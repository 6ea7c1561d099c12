"""The ceiling for the read benchmark: a minimal raw ASGI app that returns the same bytes from the same Redis.

``/detail`` answers the stored bytes of ``anime:detail:<BENCH_SLUG>`` (one ``HMGET``, like read-api), ``/catalog``
answers a prepared catalog page stored under one key (one ``GET``). No middleware, no validation, no headers beyond
content type and length. Run: ``uvicorn read_raw_app:app --app-dir bench`` with ``REDIS_URL`` set.
"""

from __future__ import annotations

import os
from typing import Any

from redis.asyncio import BlockingConnectionPool, Redis

BENCH_SLUG = os.environ.get("BENCH_SLUG", "bench-anime")
CATALOG_PAGE_KEY = "bench:raw:catalog-page"
_DETAIL_KEY = f"anime:detail:{BENCH_SLUG}"
_redis: Redis | None = None


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    global _redis
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                # The same pool as read-api's (ani_common.redis.create_redis).
                pool = BlockingConnectionPool.from_url(
                    os.environ["REDIS_URL"],
                    max_connections=50,
                    timeout=2.0,
                    socket_connect_timeout=2.0,
                    socket_timeout=5.0,
                    health_check_interval=30,
                )
                _redis = Redis(connection_pool=pool)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if _redis is not None:
                    await _redis.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return
    assert _redis is not None
    if scope["path"] == "/catalog":
        body = await _redis.get(CATALOG_PAGE_KEY)
    else:
        body, _etag = await _redis.hmget(_DETAIL_KEY, ("json", "etag"))
    body = body or b""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
