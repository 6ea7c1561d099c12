"""The whole-stack test stacks: their options, and a way to keep one running.

    uv run python -m tests.e2e.harness          # start the e2e stack and keep it up until Ctrl-C
    ANI_E2E_REUSE=1 uv run pytest tests/e2e     # run the suite against it (no start-up, no tear-down)

Without ``ANI_E2E_REUSE`` the suite starts and stops its own stack (what ``make test`` and CI do).

    uv run python -m tests.e2e.harness --site   # the stack WITH the Next.js site, for the browser tests

The site stack (``frontend/playwright.config.ts`` starts it as its web server) has its own ports (gateway 18280),
databases (``ani_site_*``) and Redis DB (11), so it runs next to ``make dev`` and the e2e suite. It builds the site
when its sources changed, seeds the demo catalog, creates the demo admin, writes what the browser tests need to know
to ``<data dir>/site.json`` and prints a ready line. SIGTERM or Ctrl-C stops it and drops its databases.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from scripts.devstack.stack import DEMO_ADMIN_EMAIL, DEMO_ADMIN_USERNAME, Stack, StackOptions

GATEWAY_PORT = 18080
METRICS_PORT = 18082
REPLICAS = 2
#: A TLS front proxy in front of the e2e gateway (the tests connect from it to play one): Traefik and the services
#: believe the X-Forwarded-For it sends (tests/e2e/test_client_ip.py).
FRONT_PROXY = "127.0.0.254"
#: Every service process of the e2e stack: cheap password hashing keeps the auth tests fast.
HARNESS_DATA_DIR = Path("/tmp/ani-e2e-harness")
SERVICE_ENV = {"BCRYPT_ROUNDS": "4", "LOG_LEVEL": "WARNING"}

SITE_GATEWAY_PORT = 18280
SITE_DATA_DIR = Path("/tmp/ani-site-harness")
#: ``ANI_SITE_SLOT=1`` runs a second, independent site stack (ports + 1000, its own databases, Redis DB and data
#: dir), e.g. for a second working tree; frontend/playwright.config.ts and tests/e2e/fixtures.ts read it too.
SITE_SLOT = int(os.environ.get("ANI_SITE_SLOT", "0") or "0")
#: Redis DBs free of the member suites (see their ``redis_db_base``) and of the e2e stack (13).
_SITE_REDIS_DBS = (11, 14)
#: The line the browser tests' web server waits for (frontend/playwright.config.ts).
SITE_READY = "site stack ready on"


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
        front_proxies=[f"{FRONT_PROXY}/32"],
        log=log,
    )


def site_data_dir(slot: int = SITE_SLOT) -> Path:
    return SITE_DATA_DIR if slot == 0 else SITE_DATA_DIR.with_name(f"{SITE_DATA_DIR.name}-{slot}")


def site_options(
    data_dir: Path | None = None, log: Callable[[str], None] = lambda message: None, *, slot: int = SITE_SLOT
) -> StackOptions:
    """One instance of everything plus the site. Rate limits are off: every browser test and every server-side
    call of the site comes from 127.0.0.1, i.e. from one client as far as per-IP limits go."""
    if slot not in range(len(_SITE_REDIS_DBS)):
        raise ValueError(f"ANI_SITE_SLOT must be 0..{len(_SITE_REDIS_DBS) - 1}")
    shift = 1000 * slot
    return StackOptions(
        data_dir=data_dir or site_data_dir(slot),
        gateway_port=SITE_GATEWAY_PORT + shift,
        metrics_port=SITE_GATEWAY_PORT + shift + 2,
        port_base=18300 + shift,
        fake_providers_port=18390 + shift,
        frontend_port=18330 + shift,
        replicas=1,
        database_prefix="ani_site" if slot == 0 else f"ani_site{slot}",
        # Free of the member suites' DBs (1-15 minus 1, 2, 5, 8, 11: see their `redis_db_base`), which flush theirs
        # before every test: a site stack kept running while they run keeps its read models.
        redis_db=_SITE_REDIS_DBS[slot],
        seed=True,
        frontend=True,
        demo_admin=True,
        rate_limits=False,
        access_log=True,
        allow_embedded=False,
        service_env=SERVICE_ENV,
        log=log,
    )


def start_fresh(stack: Stack) -> None:
    """Empty databases and Redis DB, every service, Traefik, the demo catalog through the real parser, and the site
    when the options have it."""
    try:
        asyncio.run(stack.start(fresh=True))
    except BaseException:
        stop(stack)
        raise


def stop(stack: Stack) -> None:
    stack.stop()
    asyncio.run(stack.drop_databases())


def write_site_state(stack: Stack) -> Path:
    """What the browser tests read (frontend/tests/e2e/fixtures.ts): the base URL and the demo admin's login."""
    path = stack.options.data_dir / "site.json"
    state = {
        "baseURL": stack.gateway_url,
        "admin": {"email": DEMO_ADMIN_EMAIL, "username": DEMO_ADMIN_USERNAME, "password": stack.admin_password},
    }
    path.write_text(json.dumps(state, indent=2))
    path.chmod(0o600)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.e2e.harness", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="store_true", help="the stack with the Next.js site (browser tests)")
    args = parser.parse_args(argv)
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)

    stack = Stack(site_options(log=log) if args.site else e2e_options(HARNESS_DATA_DIR, log))
    stopping = False

    def request_stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        if not ready:  # still starting: abandon the start-up (start_fresh stops what already runs)
            raise KeyboardInterrupt

    ready = False
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        start_fresh(stack)
    except KeyboardInterrupt:
        log("interrupted during start-up: stopped")
        return 130
    except RuntimeError as exc:  # StartupError included: say what failed, not a traceback
        log(f"start-up failed: {exc}")
        return 1
    ready = True
    if args.site:
        state = write_site_state(stack)
        log(f"{SITE_READY} {stack.site_url} (state: {state}; logs: {stack.logs})")
    else:
        log(f"e2e stack ready on {stack.gateway_url}; ANI_E2E_REUSE=1 uv run pytest tests/e2e")
    try:
        while not stopping:
            dead = stack.dead_processes()
            if dead:
                for process in dead:
                    log(f"{process.name} stopped unexpectedly:\n{process.tail()}")
                return 1
            time.sleep(0.5)
    finally:
        stop(stack)
        log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
