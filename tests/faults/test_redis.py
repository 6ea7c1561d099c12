"""Redis stopped: reads answer 503 with Retry-After, progress writes go on, and when Redis is back the read models
hold every acknowledged write (nothing lost).

Two ways Redis comes back: with its data (saved just before the crash: the projector catches up from the outbox)
and empty (a crash of a Redis without persistence: the projector's health check queues a full rebuild, and the
outbox rows written meanwhile are projected on top).
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from redis.asyncio import Redis

from tests.faults.conftest import FaultStack
from tests.faults.helpers import client, eventually, progress_body, projected_positions, register, title_with_episodes

OUTAGE_SECONDS = 7.0  # longer than Traefik's health-check interval (5 s): what clients see once it reacts
CATCH_UP_SECONDS = 30.0


async def catalog_slugs(gw: httpx.AsyncClient) -> set[str]:
    """Every slug of the catalog listing (empty while it is not served)."""
    found: set[str] = set()
    skip = 0
    while True:
        response = await gw.get("/api/read/anime", params={"limit": 100, "skip": skip})
        if response.status_code != 200:
            return set()
        page = response.json()
        items = page["items"] if isinstance(page, dict) else page
        found |= {item["slug"] for item in items}
        if len(items) < 100:
            return found
        skip += len(items)


@pytest.mark.parametrize("comes_back", ["with-data", "empty"])
async def test_redis_stopped(faults: FaultStack, comes_back: str) -> None:
    viewer = await register(faults.gateway_url)
    async with client(faults.gateway_url) as gw:
        slug, episodes = await title_with_episodes(gw)
        slugs_before = await catalog_slugs(gw)
        acked: dict[str, float] = {}
        before = await gw.put(
            f"/api/v1/me/progress/{episodes[0]}", json=progress_body(slug, 10.0), headers=viewer.headers
        )
        assert before.status_code == 200, before.text
        acked[episodes[0]] = 10.0
        await eventually(
            lambda: projected_positions(faults.redis_url, viewer.user_id, slug),
            lambda seen: seen.get(episodes[0]) == 10.0,
            timeout=10,
            what="the first save projected",
        )

        redis_file = faults.redis.directory / "dump.rdb"
        redis_file.unlink(missing_ok=True)
        if comes_back == "with-data":
            admin = Redis.from_url(faults.redis.url)
            await admin.save()
            await admin.aclose()
        faults.redis.kill()

        direct_reads: Counter[str] = Counter()
        direct_writes: Counter[str] = Counter()
        gateway_reads: Counter[str] = Counter()
        gateway_writes: Counter[str] = Counter()
        retry_after: set[str | None] = set()
        position = 10.0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + OUTAGE_SECONDS
        async with (
            client(faults.instance_url("read-api"), timeout=5) as read_0,
            client(faults.instance_url("write-api", 1), timeout=5) as write_1,
        ):
            while loop.time() < deadline:
                read = await read_0.get(f"/api/read/anime/{slug}")
                direct_reads[str(read.status_code)] += 1
                if read.status_code == 503:
                    retry_after.add(read.headers.get("retry-after"))
                read_me = await gw.get(f"/api/read/me/titles/{slug}", headers=viewer.headers)
                gateway_reads[f"{read_me.status_code} Retry-After {read_me.headers.get('retry-after')}"] += 1
                for http, statuses in ((write_1, direct_writes), (gw, gateway_writes)):
                    position += 1.0
                    episode = episodes[int(position) % 2]
                    body = progress_body(slug, position)
                    saved = await http.put(f"/api/v1/me/progress/{episode}", json=body, headers=viewer.headers)
                    statuses[str(saved.status_code)] += 1
                    if saved.status_code == 200:
                        acked[episode] = position
                await asyncio.sleep(0.2)

        print(
            f"\nRedis down {OUTAGE_SECONDS:g}s ({comes_back}): read-api direct {dict(direct_reads)} "
            f"(Retry-After {retry_after}); reads via gateway {dict(gateway_reads)}; progress PUT direct "
            f"{dict(direct_writes)}, via gateway {dict(gateway_writes)}"
        )
        faults.redis.start()
        # redis is back: every acknowledged save visible in the read model, within a bounded time
        seen, took = await eventually(
            lambda: projected_positions(faults.redis_url, viewer.user_id, slug),
            lambda found: all(found.get(episode, -1.0) >= position for episode, position in acked.items()),
            timeout=CATCH_UP_SECONDS,
            what="every acknowledged save in the read model",
        )
        print(f"caught up {took:.1f}s after Redis returned: {len(acked)} (episode) rows, {seen}")
        # the catalog too, every title of it (empty: restored by the heal loop's full rebuild)
        _page, took = await eventually(
            lambda: catalog_slugs(gw),
            lambda found: found == slugs_before,
            timeout=CATCH_UP_SECONDS,
            what="the whole catalog served again",
        )
        _detail, _ = await eventually(
            lambda: gw.get(f"/api/read/anime/{slug}"),
            lambda response: response.status_code == 200,
            timeout=CATCH_UP_SECONDS,
            what="the title's detail served again",
        )
        print(f"catalog served again {took:.1f}s after the user models ({len(slugs_before)} titles)")
        after: Counter[int] = Counter()
        for _ in range(40):  # stale pooled connections to the old Redis: what readers see right after recovery
            after[(await gw.get(f"/api/read/me/titles/{slug}", headers=viewer.headers)).status_code] += 1
        print(f"reads via gateway right after recovery: {dict(after)}")

    # read-api: 503 with Retry-After while Redis is gone (never a 500)
    assert set(direct_reads) == {"503"}, direct_reads
    assert retry_after, "no 503 seen"
    assert None not in retry_after, retry_after
    # write-api: every progress save sent straight to an instance succeeded (PostgreSQL is the source of truth)
    assert set(direct_writes) == {"200"}, direct_writes
    assert sum(direct_writes.values()) >= 5
    # through the gateway too: write-api stays in rotation while Redis is down (its /ready checks PostgreSQL only)
    assert set(gateway_writes) == {"200"}, gateway_writes
