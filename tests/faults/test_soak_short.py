"""The bounded version of ``make soak`` (tests/soak): simulated viewers for a few seconds against two instances of
every service, then the accounting: every acknowledged write in PostgreSQL and, after the projector drained, in Redis;
no error at all on a healthy stack."""

from __future__ import annotations

from tests.faults.conftest import SERVICE_ENV, FaultStack
from tests.soak.load import LoadParameters, format_report, run_load, verify


async def test_short_soak_loses_nothing(faults: FaultStack) -> None:
    parameters = LoadParameters(viewers=12, duration=10.0, think=0.2, address_block=73, seed=7)
    accounting = await run_load(faults.gateway_url, parameters)
    verification = await verify(accounting, faults.write_database_url, faults.redis_url, drain_timeout=30)
    settings = {"stack": "tests/faults (2 instances each)", "service_env": str(SERVICE_ENV)}
    print("\n" + format_report(accounting, verification, settings))
    assert accounting.viewers_started == parameters.viewers
    assert accounting.writes_acknowledged > 100
    assert verification.lost == 0, verification
    assert not accounting.error_statuses(), accounting.error_statuses()
