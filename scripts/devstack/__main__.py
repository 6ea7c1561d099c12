"""`make dev`: run the whole stack on one port until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time
from pathlib import Path

from scripts.devstack import observe
from scripts.devstack.processes import StartupError
from scripts.devstack.stack import DEMO_ADMIN_EMAIL, ROOT, Stack, StackOptions


def parse_args(argv: list[str] | None) -> StackOptions:
    parser = argparse.ArgumentParser(prog="make dev", description=__doc__)
    parser.add_argument("--port", type=int, default=8080, help="gateway port (default 8080)")
    parser.add_argument("--replicas", type=int, default=1, help="instances of each API and of the site (default 1)")
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".data", help="state folder (default .data/)")
    parser.add_argument("--no-seed", action="store_true", help="do not import the demo catalog")
    parser.add_argument(
        "--no-frontend",
        action="store_true",
        help="API only: do not build or serve the Next.js site (the gateway then has no route at /)",
    )
    parser.add_argument("--no-admin", action="store_true", help=f"do not create the demo admin {DEMO_ADMIN_EMAIL}")
    parser.add_argument(
        "--observe", action="store_true", help="also run Prometheus on :9090 (scripts/devstack/observe.py)"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 4:
        parser.error("--replicas must be between 1 and 4")
    options = StackOptions(
        data_dir=args.data_dir.resolve(),
        gateway_port=args.port,
        replicas=args.replicas,
        seed=not args.no_seed,
        frontend=not args.no_frontend,
        demo_admin=not args.no_admin,
    )
    if args.observe:
        observe.enable(options)
    return options


def banner(stack: Stack) -> str:
    """What is running where; the site's URL comes first (it is what people open)."""
    options = stack.options
    url = stack.gateway_url
    if options.frontend:
        head = f"\n  ani is running: open {stack.site_url}\n"
        site = f"    site           {options.replicas} instance(s) behind the gateway (logs: frontend-*.log)\n"
    else:
        head = f"\n  ani is running on {url} (API only: --no-frontend, no site at /)\n"
        site = ""
    admin = ""
    if options.demo_admin:
        # The account lives in the database, the password in <data-dir>/secrets.json: they match unless the data
        # folder was reset while the database was kept (then `ani-auth create-admin` makes another admin).
        note = "" if stack.demo_admin_created else " (account from an earlier run)"
        admin = f"    admin login    {DEMO_ADMIN_EMAIL} / {stack.admin_password}{note}\n"
    return (
        f"{head}"
        f"{site}"
        f"    APIs           {options.replicas} instance(s) of each\n"
        f"    catalog (API)  {url}/api/v1/anime\n"
        f"    read models    {url}/api/read/anime\n"
        f"    JWKS           {url}/.well-known/jwks.json\n"
        f"{admin}"
        f"    gateway metrics http://127.0.0.1:{options.metrics_port}/metrics (internal)\n"
        f"    internal token {options.data_dir / 'secrets.json'}\n"
        f"    logs           {stack.logs}\n"
        "  Ctrl-C stops everything.\n"
    )


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    stack = Stack(options)
    started = False
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        if not started:  # still starting: abandon the start-up, then stop what is already running
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        asyncio.run(stack.start())
        if "PROJECTOR_METRICS_PORT" in options.service_env:  # --observe (OBSERVE=1)
            print(f"  Prometheus (OBSERVE=1): {observe.start_prometheus(stack)}", flush=True)
        started = True
    except (StartupError, RuntimeError) as exc:
        print(f"\nmake dev failed: {exc}\nlogs: {options.data_dir / 'logs'}", file=sys.stderr)
        stack.stop()
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted: stopping…", flush=True)
        stack.stop()
        return 130
    print(banner(stack), flush=True)
    while not stopping:
        dead = stack.dead_processes()
        if dead:
            for process in dead:
                print(f"stopped unexpectedly: {process.failure()}", file=sys.stderr)
            stack.stop()
            return 1
        time.sleep(0.5)
    print("stopping…", flush=True)
    stack.stop()
    print("stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
