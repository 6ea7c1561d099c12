"""PostgreSQL restarted (a real one: the stack's private ``pgserver`` cluster stopped with ``pg_ctl stop -m fast``,
then started again): auth and write-api report not ready while it is down, and recover by themselves — the same
processes (no restart), ready again, writes accepted and projected. read-api, which reads Redis only, keeps
answering throughout.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from tests.faults.conftest import FaultStack
from tests.faults.helpers import client, eventually, progress_body, projected_positions, register, title_with_episodes

DOWN_SECONDS = 4.0
RECOVERY_SECONDS = 30.0


async def _ready(url: str) -> int:
    async with httpx.AsyncClient(timeout=5) as http:
        return (await http.get(url + "/ready")).status_code


def _code(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return str(response.headers.get("content-type", "?"))


async def test_postgres_restart(faults: FaultStack) -> None:
    viewer = await register(faults.gateway_url)
    services = [(service, replica) for service in ("auth", "write-api") for replica in (0, 1)]
    pids = {name: faults.pid(name) for name in ("auth-0", "auth-1", "write-api-0", "write-api-1", "projector")}
    async with client(faults.gateway_url) as gw, client(faults.instance_url("write-api")) as write_0:
        slug, episodes = await title_with_episodes(gw)
        faults.postgres.stop_server()
        try:
            for service, replica in services:
                await eventually(
                    lambda s=service, r=replica: _ready(faults.instance_url(s, r)),  # type: ignore[misc]
                    lambda status: status == 503,
                    timeout=10,
                    what=f"{service}-{replica} not ready",
                )
            writes: Counter[int] = Counter()
            direct_writes: Counter[str] = Counter()
            reads: Counter[int] = Counter()
            loop = asyncio.get_running_loop()
            deadline = loop.time() + DOWN_SECONDS
            while loop.time() < deadline:
                body = progress_body(slug, 5.0)
                saved = await gw.put(f"/api/v1/me/progress/{episodes[0]}", json=body, headers=viewer.headers)
                writes[saved.status_code] += 1
                direct = await write_0.put(f"/api/v1/me/progress/{episodes[0]}", json=body, headers=viewer.headers)
                direct_writes[f"{direct.status_code} {_code(direct)}"] += 1
                reads[(await gw.get(f"/api/read/anime/{slug}")).status_code] += 1
                await asyncio.sleep(0.2)
        finally:
            faults.postgres.start_server()
        print(
            f"\nPostgreSQL down {DOWN_SECONDS:g}s: progress PUT via gateway {dict(writes)}, straight to write-api-0 "
            f"{dict(direct_writes)}; catalog reads via gateway {dict(reads)}"
        )

        took = {}
        for service, replica in services:
            _status, took[f"{service}-{replica}"] = await eventually(
                lambda s=service, r=replica: _ready(faults.instance_url(s, r)),  # type: ignore[misc]
                lambda status: status == 200,
                timeout=RECOVERY_SECONDS,
                what=f"{service}-{replica} ready again",
            )
        print(f"ready again after PostgreSQL returned (s): { {k: round(v, 1) for k, v in took.items()} }")
        # writes through the gateway work again (Traefik's health check re-admits the instances)
        saved, _ = await eventually(
            lambda: gw.put(
                f"/api/v1/me/progress/{episodes[1]}", json=progress_body(slug, 42.0), headers=viewer.headers
            ),
            lambda response: response.status_code == 200,
            timeout=RECOVERY_SECONDS,
            what="a progress save accepted again",
        )
        await eventually(
            lambda: projected_positions(faults.redis_url, viewer.user_id, slug),
            lambda seen: seen.get(episodes[1]) == 42.0,
            timeout=RECOVERY_SECONDS,
            what="the projector projecting again",
        )
        login = await gw.post("/api/v1/auth/register", json={"email": "x", "password": "y"})
        assert login.status_code == 422  # auth answers (validation) — it runs
    assert {name: faults.pid(name) for name in pids} == pids, "a process was restarted"
    # not ready → ready, and reads (Redis only) never failed
    assert set(reads) == {200}, reads
    # writes while PostgreSQL is down: 503 with Retry-After (the request did not happen; retry), never a 500
    assert set(writes) <= {503}, writes
    assert set(direct_writes) <= {"503 SERVICE_UNAVAILABLE"}, direct_writes
