"""The projector killed (SIGKILL) while progress writes flow, then started again: it converges — every acknowledged
write is projected, and the user read models equal what a full rebuild from PostgreSQL computes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from typing import Any

import orjson
from redis.asyncio import Redis

from tests.faults.conftest import FaultStack
from tests.soak.load import LoadParameters, outbox_pending, run_load, verify

LOAD_SECONDS = 10.0


async def _user_models(redis_url: str) -> dict[str, object]:
    """Every user read model (hash ``json`` payloads, sorted-set members with scores)."""
    redis: Any = Redis.from_url(redis_url)
    models: dict[str, object] = {}
    try:
        async for raw in redis.scan_iter(match="user:*", count=1000):
            key = raw.decode()
            kind = (await redis.type(key)).decode()
            if kind == "hash":
                body = await redis.hget(key, "json")
                models[key] = None if body is None else orjson.loads(body)
            elif kind == "zset":
                models[key] = [
                    (member.decode(), score) for member, score in await redis.zrange(key, 0, -1, withscores=True)
                ]
            else:
                models[key] = kind
    finally:
        await redis.aclose()
    return models


async def test_projector_killed_mid_batch(faults: FaultStack) -> None:
    parameters = LoadParameters(viewers=8, duration=LOAD_SECONDS, think=0.02, address_block=71, seed=3)
    load = asyncio.create_task(run_load(faults.gateway_url, parameters))
    await asyncio.sleep(4.0)
    killed_pid = faults.pid("projector")
    faults.kill("projector")
    pending_when_killed = await outbox_pending(faults.write_database_url)
    await asyncio.sleep(2.0)
    faults.restart("projector")
    accounting = await load
    verification = await verify(accounting, faults.write_database_url, faults.redis_url, drain_timeout=30)
    print(
        f"\nprojector SIGKILLed (pid {killed_pid}) with {pending_when_killed} outbox rows pending; "
        f"{accounting.writes_acknowledged} saves acknowledged; found PG {verification.in_postgres}/"
        f"{verification.acknowledged}, Redis {verification.in_redis}/{verification.acknowledged} after "
        f"{verification.drain_seconds:.1f}s; errors {dict(accounting.error_statuses())}"
    )
    assert accounting.writes_acknowledged > 50
    assert verification.lost == 0, verification
    assert verification.outbox_pending == 0

    # the projected user models equal a rebuild from PostgreSQL into another Redis DB
    scratch = faults.scratch_redis_url()
    admin = Redis.from_url(scratch)
    await admin.flushdb()
    await admin.aclose()
    env = {**os.environ, **faults.stack.write_env(), "REDIS_URL": scratch}
    rebuilt = subprocess.run(
        [sys.executable, "-m", "ani_write.cli", "rebuild", "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    projected, expected = await _user_models(faults.redis_url), await _user_models(scratch)
    users = {str(user) for user, _episode in accounting.acked}

    def ours(models: dict[str, object]) -> dict[str, object]:
        return {key: value for key, value in models.items() if key.split(":")[1] in users}

    projected, expected = ours(projected), ours(expected)
    differing = sorted(key for key in projected.keys() | expected.keys() if projected.get(key) != expected.get(key))
    print(f"{len(expected)} user read models of this test's viewers compared with a rebuild: {len(differing)} differ")
    assert not differing, [(key, projected.get(key), expected.get(key)) for key in differing[:3]]
