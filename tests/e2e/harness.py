"""The whole-stack test stack: its options, and a way to keep one running between pytest runs while writing tests.

    uv run python -m tests.e2e.harness          # start the e2e stack and keep it up until Ctrl-C
    ANI_E2E_REUSE=1 uv run pytest tests/e2e     # run the suite against it (no start-up, no tear-down)

Without ``ANI_E2E_REUSE`` the suite starts and stops its own stack (what ``make test`` and CI do).
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from scripts.devstack.stack import Stack, StackOptions

GATEWAY_PORT = 18080
METRICS_PORT = 18082
REPLICAS = 2
#: Every service process of the e2e stack: cheap password hashing keeps the auth tests fast.
HARNESS_DATA_DIR = Path("/tmp/ani-e2e-harness")
SERVICE_ENV = {"BCRYPT_ROUNDS": "4", "LOG_LEVEL": "WARNING"}


def e2e_options(data_dir: Path, log: Callable[[str], None] = lambda message: None) -> StackOptions:
    return StackOptions(
        data_dir=data_dir,
        gateway_port=GATEWAY_PORT,
        metrics_port=METRICS_PORT,
        port_base=18100,
        fake_providers_port=18190,
        frontend_port=18130,
        replicas=REPLICAS,
        database_prefix="ani_e2e",
        redis_db=13,
        seed=True,
        frontend=False,
        access_log=True,
        allow_embedded=False,
        service_env=SERVICE_ENV,
        log=log,
    )


def start_fresh(stack: Stack) -> None:
    """Empty databases and Redis DB, every service, Traefik, then the demo catalog through the real parser."""
    try:
        asyncio.run(stack.prepare_fresh())
        stack.start_services()
        stack.start_gateway([])
        stack.wait_for_gateway()
        stack.seed()
    except BaseException:
        stop(stack)
        raise


def stop(stack: Stack) -> None:
    stack.stop()
    asyncio.run(stack.drop_databases())


def main() -> int:
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)

    stack = Stack(e2e_options(HARNESS_DATA_DIR, log))
    stopping = False

    def request_stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    start_fresh(stack)
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    log(f"e2e stack ready on {stack.gateway_url}; ANI_E2E_REUSE=1 uv run pytest tests/e2e")
    try:
        while not stopping and not stack.dead_processes():
            time.sleep(0.5)
    finally:
        stop(stack)
        log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
