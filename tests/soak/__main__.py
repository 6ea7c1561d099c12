"""``make soak``: simulated viewers against two replicas of every service, then the accounting report.

    uv run python -m tests.soak [--viewers 40] [--duration 60] [--think 0.5]
    uv run python -m tests.soak --attach http://127.0.0.1:18680 --database-url ... --redis-url ...

Without ``--attach`` it starts its own stack (scripts/devstack ``Stack``): gateway 127.0.0.1:18680, instances on
18600-18699, databases ``ani_soak_*`` (dropped at the end), Redis DB 2, the demo catalog seeded by the real parser,
two instances of auth, write-api and read-api, the projector. The report says which limits the stack relaxes.
Exit status 1 when an acknowledged write is lost.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from scripts.devstack.stack import Stack, StackOptions
from tests.soak.load import LoadParameters, format_report, run_load, verify

GATEWAY_PORT = 18680
DATA_DIR = Path("/tmp/ani-soak")
#: Only what would distort a load test from a few loopback addresses on one machine:
#: * ``RATE_LIMIT_PROGRESS``: 120 saves/min per user is a product rule; viewers that think 0.5 s save faster than a
#:   real player (one save every few seconds), so the per-user limit is raised.
#: * ``BCRYPT_ROUNDS=4``: cheap password hashing, so that N registrations at the start do not eat the two CPUs the
#:   whole stack shares with the load generator (a real deployment registers a few users a minute).
#: Login and registration limits stay on (each viewer has its own loopback address, hence its own per-IP bucket).
SERVICE_ENV = {"BCRYPT_ROUNDS": "4", "LOG_LEVEL": "WARNING", "RATE_LIMIT_PROGRESS": "1000000"}


def soak_options(data_dir: Path = DATA_DIR, log: Callable[[str], None] = print) -> StackOptions:
    return StackOptions(
        data_dir=data_dir,
        gateway_port=GATEWAY_PORT,
        metrics_port=GATEWAY_PORT + 2,
        port_base=18600,
        fake_providers_port=18690,
        frontend_port=18630,
        replicas=2,
        database_prefix="ani_soak",
        redis_db=2,
        seed=True,
        frontend=False,
        access_log=False,
        allow_embedded=False,
        rate_limits=True,
        service_env=dict(SERVICE_ENV),
        log=log,
    )


async def soak(
    base_url: str, database_url: str, redis_url: str, parameters: LoadParameters, settings: dict[str, str]
) -> int:
    accounting = await run_load(base_url, parameters)
    verification = await verify(accounting, database_url, redis_url, drain_timeout=120)
    print(format_report(accounting, verification, settings), flush=True)
    return 0 if verification.lost == 0 and verification.acknowledged > 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=40)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between a viewer's actions (s)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--attach", metavar="URL", help="measure a running gateway instead of starting a stack")
    parser.add_argument("--database-url", help="with --attach: write-api's database (for the accounting)")
    parser.add_argument("--redis-url", help="with --attach: the read models' Redis DB")
    args = parser.parse_args(argv)
    if not 1 <= args.viewers <= 1000 or not 1 <= args.duration <= 3600 or args.think < 0:
        parser.error("--viewers must be 1..1000, --duration 1..3600 s, --think >= 0")
    parameters = LoadParameters(viewers=args.viewers, duration=args.duration, think=args.think, seed=args.seed)
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)

    if args.attach:
        if not (args.database_url and args.redis_url):
            parser.error("--attach needs --database-url and --redis-url")
        settings = {"stack": f"attached to {args.attach} (its own limits)"}
        return asyncio.run(soak(args.attach.rstrip("/"), args.database_url, args.redis_url, parameters, settings))

    stack = Stack(soak_options(log=log))

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        log(f"starting a soak stack on {stack.gateway_url} (data dir {stack.options.data_dir})")
        asyncio.run(stack.start(fresh=True))
        log(f"stack ready; {parameters.viewers} viewers for {parameters.duration:g} s")
        settings = {
            "gateway": f"{stack.gateway_url} (Traefik; {stack.options.replicas} instances of auth, write-api and "
            "read-api; the projector)",
            "limits": "RATE_LIMIT_PROGRESS=1000000 (raised from 120/min per user); login/register limits on, one "
            "loopback address per viewer",
            "service_env": " ".join(f"{k}={v}" for k, v in sorted(SERVICE_ENV.items())),
            "databases": f"{stack.database_name('auth')}, {stack.database_name('write')}; Redis {stack.redis_url}",
        }
        return asyncio.run(soak(stack.gateway_url, stack.database_url("write"), stack.redis_url, parameters, settings))
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        log("stopping the stack")
        stack.stop()
        asyncio.run(stack.drop_databases())


if __name__ == "__main__":
    sys.exit(main())
