"""The whole local stack: infrastructure, databases, services (N instances each), projector, fakes, gateway and the
Next.js site (N instances, built when its sources changed).

Every part is required unless an option turns it off (``seed``, ``frontend``, ``demo_admin``: `make dev`'s
``--no-seed``, ``--no-frontend``, ``--no-admin``): a part that fails (a one-shot command exiting non-zero, a process
exiting before it is ready or while the rest starts) stops the start-up with a :class:`StartupError` carrying its exit
code and the end of its output. Nothing is probed and skipped."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from scripts.devstack.frontend import NEXT_ENV, Frontend
from scripts.devstack.gateway import gateway_process
from scripts.devstack.infra import Infrastructure, flush_redis, resolve_infrastructure, with_database
from scripts.devstack.processes import (
    ManagedProcess,
    StartupError,
    port_is_free,
    run_checked,
    run_parallel,
    stop_process_group,
)

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


@dataclass
class StackOptions:
    data_dir: Path = ROOT / ".data"
    gateway_port: int = 8080
    metrics_port: int = 8082
    #: Instance ports: auth base+1, write-api base+2, read-api base+3; replica r adds 10*r.
    port_base: int = 8000
    fake_providers_port: int = 8090
    #: Site instance i listens on frontend_port + i.
    frontend_port: int = 3000
    #: Instances of each API and of the site.
    replicas: int = 1
    database_prefix: str = "ani"
    redis_db: int = 0
    seed: bool = True
    #: Build (when needed) and serve the Next.js site at `/`; without it the gateway has no frontend route.
    frontend: bool = True
    frontend_dir: Path = ROOT / "frontend"
    access_log: bool = True
    allow_embedded: bool = True
    rate_limits: bool = True
    #: Extra environment for every service process (e.g. ``BCRYPT_ROUNDS=4`` for the whole-stack tests).
    service_env: dict[str, str] = field(default_factory=dict)
    #: Create a demo admin account (credentials kept in ``<data-dir>/secrets.json``).
    demo_admin: bool = False
    #: Trusted front proxies (a TLS terminator in front of the gateway): Traefik believes their X-Forwarded-For and
    #: the services add them to TRUSTED_PROXIES. Default: ``ANI_GATEWAY_TRUSTED_IPS`` (comma-separated), else none.
    front_proxies: list[str] = field(
        default_factory=lambda: [
            ip.strip() for ip in os.environ.get("ANI_GATEWAY_TRUSTED_IPS", "").split(",") if ip.strip()
        ]
    )
    log: Callable[[str], None] = print


DEMO_ADMIN_EMAIL = "admin@example.org"
DEMO_ADMIN_USERNAME = "admin"
#: The projector has no readiness endpoint: it counts as started once it stayed up this long (it fails on import or
#: on its first connection well within it). Awaited together with the APIs, so it rarely adds to the start-up.
PROJECTOR_SETTLE_SECONDS = 3.0


@dataclass
class Stack:
    options: StackOptions
    infra: Infrastructure | None = None
    processes: list[ManagedProcess] = field(default_factory=list)
    internal_token: str = ""
    ports: dict[str, list[int]] = field(default_factory=dict)
    demo_admin_created: bool = False

    # ------------------------------------------------------------------ layout
    @property
    def logs(self) -> Path:
        return self.options.data_dir / "logs"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.options.gateway_port}"

    @property
    def site_url(self) -> str:
        """Where browsers open the site: the gateway's `/` (the site is never reached directly)."""
        return self.gateway_url + "/"

    @property
    def frontend_ports(self) -> list[int]:
        if not self.options.frontend:
            return []
        return [self.options.frontend_port + replica for replica in range(self.options.replicas)]

    @property
    def frontend_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.frontend_ports]

    @property
    def site(self) -> Frontend:
        return Frontend(self.options.frontend_dir)

    @property
    def write_api_url(self) -> str:
        """write-api's first instance, for the parser: the gateway does not route the internal import API."""
        return f"http://127.0.0.1:{self.options.port_base + 2}"

    @property
    def fake_providers_url(self) -> str:
        return f"http://127.0.0.1:{self.options.fake_providers_port}"

    def database_name(self, service: str) -> str:
        return f"{self.options.database_prefix}_{service}"

    def _infra(self) -> Infrastructure:
        if self.infra is None:
            raise RuntimeError("the stack is not prepared yet")
        return self.infra

    def database_url(self, service: str) -> str:
        return with_database(self._infra().database_url, self.database_name(service))

    @property
    def redis_url(self) -> str:
        return self._infra().redis_url.rsplit("/", 1)[0] + f"/{self.options.redis_db}"

    def _secrets(self) -> dict[str, str]:
        path = self.options.data_dir / "secrets.json"
        stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
        lengths = {"internal_token": 32, "admin_password": 12}
        missing = {name: secrets.token_urlsafe(size) for name, size in lengths.items() if name not in stored}
        if missing:
            stored.update(missing)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(stored))
            path.chmod(0o600)
        return stored

    @property
    def admin_password(self) -> str:
        return self._secrets()["admin_password"]

    # ------------------------------------------------------------------ environment per process
    def common_env(self) -> dict[str, str]:
        origins = f"http://127.0.0.1:{self.options.gateway_port},http://localhost:{self.options.gateway_port}"
        return {
            "ENV": "dev",
            "LOG_LEVEL": "INFO",
            "REDIS_URL": self.redis_url,
            "ALLOWED_ORIGINS": origins,
            "TRUSTED_PROXIES": ",".join(["127.0.0.1/32", "::1/128", *self.options.front_proxies]),
            "COOKIE_SECURE": "false",
            "RATE_LIMIT_ENABLED": "true" if self.options.rate_limits else "false",
            "METRICS_ENABLED": "true",
            "ACCESS_LOG": "true" if self.options.access_log else "false",
            "JWKS_URL": f"http://127.0.0.1:{self.options.port_base + 1}/.well-known/jwks.json",
            "PYTHONUNBUFFERED": "1",
            **self.options.service_env,
        }

    def auth_env(self) -> dict[str, str]:
        return {
            **self.common_env(),
            "DATABASE_URL": self.database_url("auth"),
            "AUTH_DATA_DIR": str(self.options.data_dir / "auth"),
        }

    def write_env(self) -> dict[str, str]:
        return {
            **self.common_env(),
            "DATABASE_URL": self.database_url("write"),
            "INTERNAL_TOKEN": self.internal_token,
            "INSECURE_MEDIA_HOSTS": "127.0.0.1,localhost",
        }

    def read_env(self) -> dict[str, str]:
        return self.common_env()

    def frontend_env(self) -> dict[str, str]:
        """The site's server (and its build) reaches the services through the gateway, like browsers do."""
        return {
            **NEXT_ENV,
            "ANI_API_BASE_URL": self.gateway_url,
            "ANI_SITE_URL": self.gateway_url,
            # The fake providers serve players and posters over plain http: the site's CSP allows that origin.
            "ANI_CSP_MEDIA_ORIGINS": self.fake_providers_url,
        }

    def parser_env(self) -> dict[str, str]:
        return {
            "BACKEND_BASE_URL": self.write_api_url,
            "INTERNAL_TOKEN": self.internal_token,
            "KODIK_BASE_URL": self.fake_providers_url,
            "KODIK_API_TOKEN": "dev-kodik-token",
            "SHIKIMORI_BASE_URL": self.fake_providers_url,
            "STATE_PATH": str(self.options.data_dir / "parser" / "state.json"),
            "RATE_LIMIT_ENABLED": "false",
            "PYTHONUNBUFFERED": "1",
        }

    # ------------------------------------------------------------------ steps
    def _uvicorn(self, name: str, app: str, port: int, env: dict[str, str]) -> ManagedProcess:
        return ManagedProcess(
            name=name,
            argv=[
                PYTHON,
                "-m",
                "uvicorn",
                app,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--no-proxy-headers",
                "--timeout-graceful-shutdown",
                "5",
            ],
            env=env,
            log_path=self.logs / f"{name}.log",
            ready_url=f"http://127.0.0.1:{port}/ready",
        )

    def _launch(self, processes: list[ManagedProcess]) -> None:
        """Start `processes` together, then wait until each is ready; any that exits stops the start-up with its exit
        code and output (the caller stops what already runs)."""
        for process in processes:
            process.start()
            self.processes.append(process)
        self._record_pids()
        for process in processes:
            process.wait_ready()
        self.check_running()

    def check_running(self) -> None:
        """Every process started so far is still up, or a :class:`StartupError` naming each one that exited."""
        dead = self.dead_processes()
        if dead:
            raise StartupError("\n".join(process.failure() for process in dead))

    # ------------------------------------------------------------------ leftovers of a killed run
    @property
    def _pid_file(self) -> Path:
        return self.options.data_dir / "pids.json"

    def _record_pids(self) -> None:
        """Remember our children, so that a run killed without cleaning up (kill -9, a closed terminal) is reaped by
        the next one instead of leaving ports taken."""
        pids = {process.name: process.process.pid for process in self.processes if process.process is not None}
        self._pid_file.parent.mkdir(parents=True, exist_ok=True)
        self._pid_file.write_text(json.dumps(pids))

    def reap_leftovers(self) -> None:
        if not self._pid_file.exists():
            return
        try:
            recorded: dict[str, int] = json.loads(self._pid_file.read_text())
        except ValueError:
            recorded = {}
        for name, pid in recorded.items():
            if stop_process_group(pid):
                self.options.log(f"stopped {name} (pid {pid}) left over by a previous run")
        self._pid_file.unlink(missing_ok=True)

    def check_ports_free(self) -> None:
        options = self.options
        wanted = [options.gateway_port, options.metrics_port, options.fake_providers_port]
        wanted += [
            options.port_base + offset + 10 * replica for replica in range(options.replicas) for offset in (1, 2, 3)
        ]
        wanted += self.frontend_ports
        taken = [port for port in wanted if not port_is_free(port)]
        if taken:
            raise StartupError(
                f"port(s) {', '.join(map(str, taken))} on 127.0.0.1 are in use by another program; stop it, or pick "
                "other ports (--port for the gateway)"
            )

    async def prepare(self) -> None:
        options = self.options
        options.data_dir.mkdir(parents=True, exist_ok=True)
        self.reap_leftovers()
        self.check_ports_free()
        self.infra = await resolve_infrastructure(options.data_dir, allow_embedded=options.allow_embedded)
        if self.infra.embedded:
            options.log(f"started embedded {', '.join(self.infra.embedded)} in {options.data_dir}")
        await self.infra.create_databases([self.database_name("auth"), self.database_name("write")])
        self.internal_token = self._secrets()["internal_token"]
        options.log("migrating databases")
        run_parallel(
            [
                ([PYTHON, "-m", "ani_auth.cli", "migrate"], self.auth_env(), "auth migrations"),
                ([PYTHON, "-m", "ani_write.cli", "migrate"], self.write_env(), "write-api migrations"),
            ]
        )

    async def prepare_fresh(self) -> None:
        """Like :meth:`prepare`, but from empty databases and an empty Redis DB (the whole-stack tests)."""
        options = self.options
        options.data_dir.mkdir(parents=True, exist_ok=True)
        self.infra = await resolve_infrastructure(options.data_dir, allow_embedded=options.allow_embedded)
        await self.infra.drop_databases([self.database_name("auth"), self.database_name("write")])
        await flush_redis(self.redis_url)
        await self.prepare()

    async def drop_databases(self) -> None:
        if self.infra is not None:
            await self.infra.drop_databases([self.database_name("auth"), self.database_name("write")])
            await flush_redis(self.redis_url)

    def wait_for_gateway(self, timeout: float = 30.0) -> None:
        """Until every route answers through Traefik (it loads the file provider asynchronously)."""
        deadline = time.monotonic() + timeout
        probes = ["/.well-known/jwks.json", "/api/v1/anime", "/api/read/anime/__probe__"]
        while time.monotonic() < deadline:
            try:
                statuses = [httpx.get(self.gateway_url + path, timeout=2).status_code for path in probes]
            except httpx.HTTPError:
                statuses = []
            if statuses and all(status in (200, 404) for status in statuses) and statuses[0] == 200:
                return
            time.sleep(0.2)
        raise StartupError("the gateway did not route to the services in time")

    def assign_ports(self) -> None:
        base = self.options.port_base
        self.ports = {
            name: [base + offset + 10 * replica for replica in range(self.options.replicas)]
            for name, offset in (("auth", 1), ("write-api", 2), ("read-api", 3))
        }

    def start_services(self) -> None:
        """Every API instance, the projector and the fake providers, all started at once, then awaited.

        write-api and read-api fetch auth's JWKS lazily (on the first token), so nothing needs auth to be up first.
        """
        options = self.options
        self.assign_ports()
        options.log(f"starting services ({options.replicas} instance(s) each)")
        processes = [
            self._uvicorn(f"auth-{i}", "ani_auth.main:app", port, self.auth_env())
            for i, port in enumerate(self.ports["auth"])
        ]
        processes += [
            self._uvicorn(f"write-api-{i}", "ani_write.main:app", port, self.write_env())
            for i, port in enumerate(self.ports["write-api"])
        ]
        processes += [
            self._uvicorn(f"read-api-{i}", "ani_read.main:app", port, self.read_env())
            for i, port in enumerate(self.ports["read-api"])
        ]
        processes.append(
            ManagedProcess(
                "projector",
                [PYTHON, "-m", "ani_write.projector"],
                self.write_env(),
                self.logs / "projector.log",
                # no readiness endpoint: up for a few seconds means it imported and connected
                settle=PROJECTOR_SETTLE_SECONDS,
            )
        )
        processes.append(
            ManagedProcess(
                "fake-providers",
                [
                    PYTHON,
                    "-m",
                    "ani_parser.cli",
                    "fake-providers",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(options.fake_providers_port),
                    "--public-url",
                    self.fake_providers_url,
                ],
                self.parser_env(),
                self.logs / "fake-providers.log",
                ready_url=f"{self.fake_providers_url}/health",
            )
        )
        self._launch(processes)

    def create_admin(self, email: str, password: str, username: str) -> bool:
        """Create an admin account with auth's own CLI; False when it already exists (re-runs are idempotent)."""
        result = subprocess.run(
            [
                PYTHON,
                "-m",
                "ani_auth.cli",
                "create-admin",
                "--email",
                email,
                "--username",
                username,
                "--password-stdin",
            ],
            input=password + "\n",
            env={**os.environ, **self.auth_env()},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0:
            return True
        if "already exists" in result.stderr:
            return False
        raise StartupError(f"ani-auth create-admin failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")

    def check_frontend(self) -> None:
        """Before anything starts: the site's folder and a recent enough Node toolchain (or a clear error)."""
        if not self.site.exists:
            raise StartupError(f"no {self.site.directory / 'package.json'}: run with --no-frontend for the API only")
        self.site.check_toolchain()

    def build_frontend(self) -> None:
        """`npm ci` and `next build` when their stamps say so (see scripts/devstack/frontend.py)."""
        self.site.ensure_dependencies(self.logs, self.options.log)
        if not self.site.ensure_build(self.frontend_env(), self.logs, self.options.log):
            self.options.log("the site is up to date with its sources: no build needed")

    def start_frontend(self) -> None:
        """Build the site if needed, then serve the production build: one instance per port, all behind the gateway.

        Each instance runs this stack's copy of the standalone build (see :meth:`Frontend.release`) with plain
        `node server.js`, as the container image does.
        """
        self.build_frontend()
        server = self.site.release(self.options.data_dir / "site", self.logs)
        node = shutil.which("node") or "node"
        self.options.log(f"starting the site ({len(self.frontend_ports)} instance(s))")
        self._launch(
            [
                ManagedProcess(
                    f"frontend-{index}",
                    [node, str(server)],
                    {**self.frontend_env(), "PORT": str(port), "HOSTNAME": "127.0.0.1", "NODE_ENV": "production"},
                    self.logs / f"frontend-{index}.log",
                    cwd=server.parent,
                    ready_url=f"http://127.0.0.1:{port}/",
                    ready_on_any_status=True,
                )
                for index, port in enumerate(self.frontend_ports)
            ]
        )

    def start_gateway(self) -> None:
        """Traefik with every API instance, and the site's instances when the site is on (they may come up later:
        until then `/` answers 502)."""
        backends = {name: [f"http://127.0.0.1:{port}" for port in ports] for name, ports in self.ports.items()}
        backends["frontend"] = self.frontend_urls
        self._launch(
            [
                gateway_process(
                    self.options.data_dir,
                    web_port=self.options.gateway_port,
                    metrics_port=self.options.metrics_port,
                    backends=backends,
                    access_log=self.options.access_log,
                    trusted_ips=self.options.front_proxies,
                )
            ]
        )

    def seed(self) -> None:
        self.options.log("importing the demo catalog with the parser (fake providers → write-api)")
        summary = self.options.data_dir / "parser" / "last-run.json"
        run_checked(
            [PYTHON, "-m", "ani_parser.cli", "run", "--mode", "full", "--summary-json", str(summary)],
            self.parser_env(),
            what="demo import",
        )
        self.rebuild_read_models()

    def rebuild_read_models(self) -> None:
        self.options.log("rebuilding read models")
        run_checked([PYTHON, "-m", "ani_write.cli", "rebuild"], self.write_env(), what="read-model rebuild")

    def ensure_demo_admin(self) -> bool:
        """Create the demo admin unless it exists; True when this run created it (its password is ours)."""
        created = self.create_admin(DEMO_ADMIN_EMAIL, self.admin_password, DEMO_ADMIN_USERNAME)
        if created:
            self.options.log(f"created the demo admin {DEMO_ADMIN_EMAIL}")
        return created

    async def start(self, *, fresh: bool = False) -> None:
        """Everything, in order. The site is built last: its build and its pages may call the API, which is then up
        and seeded. `fresh` starts from empty databases and Redis DB (the test stacks)."""
        if self.options.frontend:
            self.check_frontend()  # a missing Node toolchain fails before anything starts
        await (self.prepare_fresh() if fresh else self.prepare())
        self.start_services()
        self.start_gateway()
        self.wait_for_gateway()
        if self.options.demo_admin:
            self.demo_admin_created = self.ensure_demo_admin()
        if self.options.seed:
            self.seed()
        if self.options.frontend:
            self.start_frontend()
        self.check_running()  # e.g. the projector failing on its first batch while the catalog was imported

    async def attach(self) -> None:
        """Describe an already running stack started with the same options (no process is started or stopped)."""
        self.infra = await resolve_infrastructure(self.options.data_dir, allow_embedded=False)
        self.internal_token = self._secrets()["internal_token"]
        self.assign_ports()

    def dead_processes(self) -> list[ManagedProcess]:
        return [process for process in self.processes if not process.alive()]

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        if self.processes:
            self._pid_file.unlink(missing_ok=True)
        self.processes.clear()
        if self.infra is not None:
            self.infra.stop()


__all__ = ["DEMO_ADMIN_EMAIL", "Stack", "StackOptions", "StartupError"]
