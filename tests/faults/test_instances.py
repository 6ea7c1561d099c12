"""One instance of each HTTP service killed (SIGKILL) under load behind the gateway (2 instances each): clients see
at most the requests that were in flight on the killed instances, and no acknowledged write is lost.

The bound: each simulated viewer has at most one request in flight, plus one auth prober; a kill can break at most
those. Anything beyond is Traefik still sending new requests to a dead instance (until its health check, every
5 s, notices) with no retry to the other instance.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import pytest

from tests.faults.conftest import FaultStack
from tests.faults.helpers import client, register
from tests.soak.load import LoadParameters, run_load, verify

LOAD_SECONDS = 14.0
KILL_AT = 6.0
KILLED = ("auth-0", "write-api-0", "read-api-0")


async def test_one_instance_of_each_killed_under_load(faults: FaultStack) -> None:
    viewer = await register(faults.gateway_url)
    parameters = LoadParameters(viewers=12, duration=LOAD_SECONDS, think=0.05, address_block=72, seed=5)
    load = asyncio.create_task(run_load(faults.gateway_url, parameters))
    auth_statuses: Counter[str] = Counter()

    async def probe_auth() -> None:
        async with client(faults.gateway_url, timeout=5) as http:
            end = time.monotonic() + LOAD_SECONDS
            while time.monotonic() < end:
                try:
                    response = await http.get("/api/v1/users/me", headers=viewer.headers)
                    auth_statuses[str(response.status_code)] += 1
                except Exception as exc:  # counted like any other answer
                    auth_statuses[type(exc).__name__] += 1
                await asyncio.sleep(0.05)

    prober = asyncio.create_task(probe_auth())
    await asyncio.sleep(KILL_AT)
    try:
        for name in KILLED:
            faults.kill(name)
        accounting = await load
        await prober
    finally:
        for name in KILLED:
            faults.restart(name)
    verification = await verify(accounting, faults.write_database_url, faults.redis_url, drain_timeout=30)
    failures = accounting.failures() + sum(n for status, n in auth_statuses.items() if status != "200")
    in_flight_bound = parameters.viewers + 1
    print(
        f"\nkilled {', '.join(KILLED)} at t={KILL_AT:g}s of {LOAD_SECONDS:g}s: viewer errors "
        f"{dict(accounting.error_statuses())}, auth prober {dict(auth_statuses)}; failures {failures} "
        f"(in-flight bound {in_flight_bound}); saves acknowledged {accounting.writes_acknowledged}, lost "
        f"{verification.lost}"
    )
    assert verification.lost == 0, verification
    gateway_errors = {status for status, _n in accounting.error_statuses().items()} | {
        status for status in auth_statuses if status != "200"
    }
    if failures > in_flight_bound and gateway_errors <= {"502", "503", "504"}:
        pytest.xfail(
            f"{failures} failures > {in_flight_bound} in flight: gateway/dynamic/routes.yml has no retry "
            "middleware, so Traefik routes new requests to the killed instance until its health check (5 s) removes it "
            "(docs/reliability.md)"
        )
    assert failures <= in_flight_bound, (failures, accounting.error_statuses(), auth_statuses)
