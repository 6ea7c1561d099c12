"""The whole local stack: infrastructure, databases, services (N instances each), projector, fakes, frontend and
gateway."""

from __future__ import annotations

import importlib.util
import json
import secrets
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scripts.devstack.gateway import gateway_process
from scripts.devstack.infra import Infrastructure, resolve_infrastructure, with_database
from scripts.devstack.processes import ManagedProcess, StartupError, run_checked

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
    frontend_port: int = 3000
    replicas: int = 1
    database_prefix: str = "ani"
    redis_db: int = 0
    seed: bool = True
    frontend: bool = True
    access_log: bool = True
    allow_embedded: bool = True
    rate_limits: bool = True
    log: Callable[[str], None] = print


def module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


@dataclass
class Stack:
    options: StackOptions
    infra: Infrastructure | None = None
    processes: list[ManagedProcess] = field(default_factory=list)
    internal_token: str = ""
    ports: dict[str, list[int]] = field(default_factory=dict)

    # ------------------------------------------------------------------ layout
    @property
    def logs(self) -> Path:
        return self.options.data_dir / "logs"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.options.gateway_port}"

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
        if path.exists():
            stored: dict[str, str] = json.loads(path.read_text())
        else:
            stored = {"internal_token": secrets.token_urlsafe(32)}
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(stored))
            path.chmod(0o600)
        return stored

    # ------------------------------------------------------------------ environment per process
    def common_env(self) -> dict[str, str]:
        origins = f"http://127.0.0.1:{self.options.gateway_port},http://localhost:{self.options.gateway_port}"
        return {
            "ENV": "dev",
            "LOG_LEVEL": "INFO",
            "REDIS_URL": self.redis_url,
            "ALLOWED_ORIGINS": origins,
            "TRUSTED_PROXIES": "127.0.0.1/32,::1/128",
            "COOKIE_SECURE": "false",
            "RATE_LIMIT_ENABLED": "true" if self.options.rate_limits else "false",
            "METRICS_ENABLED": "true",
            "ACCESS_LOG": "true" if self.options.access_log else "false",
            "JWKS_URL": f"http://127.0.0.1:{self.options.port_base + 1}/.well-known/jwks.json",
            "PYTHONUNBUFFERED": "1",
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

    def parser_env(self) -> dict[str, str]:
        return {
            "BACKEND_BASE_URL": self.gateway_url,
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
        for process in processes:
            process.start()
            self.processes.append(process)
        for process in processes:
            process.wait_ready()

    async def prepare(self) -> None:
        options = self.options
        options.data_dir.mkdir(parents=True, exist_ok=True)
        self.infra = await resolve_infrastructure(options.data_dir, allow_embedded=options.allow_embedded)
        if self.infra.embedded:
            options.log(f"started embedded {', '.join(self.infra.embedded)} in {options.data_dir}")
        await self.infra.create_databases([self.database_name("auth"), self.database_name("write")])
        self.internal_token = self._secrets()["internal_token"]
        options.log("migrating databases")
        run_checked([PYTHON, "-m", "ani_auth.cli", "migrate"], self.auth_env(), what="auth migrations")
        run_checked([PYTHON, "-m", "ani_write.cli", "migrate"], self.write_env(), what="write-api migrations")

    def start_services(self) -> None:
        options = self.options
        base = options.port_base
        self.ports = {
            name: [base + offset + 10 * replica for replica in range(options.replicas)]
            for name, offset in (("auth", 1), ("write-api", 2), ("read-api", 3))
        }
        options.log(f"starting services ({options.replicas} instance(s) each)")
        self._launch(
            [
                self._uvicorn(f"auth-{i}", "ani_auth.main:app", port, self.auth_env())
                for i, port in enumerate(self.ports["auth"])
            ]
        )
        self._launch(
            [
                self._uvicorn(f"write-api-{i}", "ani_write.main:app", port, self.write_env())
                for i, port in enumerate(self.ports["write-api"])
            ]
            + [
                self._uvicorn(f"read-api-{i}", "ani_read.main:app", port, self.read_env())
                for i, port in enumerate(self.ports["read-api"])
            ]
        )
        if module_exists("ani_write.projector"):
            self._launch(
                [
                    ManagedProcess(
                        "projector",
                        [PYTHON, "-m", "ani_write.projector"],
                        self.write_env(),
                        self.logs / "projector.log",
                    )
                ]
            )
        if module_exists("ani_parser.fakes"):
            port = options.fake_providers_port
            self._launch(
                [
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
                            str(port),
                            "--public-url",
                            self.fake_providers_url,
                        ],
                        self.parser_env(),
                        self.logs / "fake-providers.log",
                        ready_url=f"{self.fake_providers_url}/health",
                    )
                ]
            )

    def start_frontend(self) -> list[str]:
        frontend_dir = ROOT / "frontend"
        port = self.options.frontend_port
        if self.options.frontend and (frontend_dir / "package.json").exists() and shutil.which("npm"):
            if not (frontend_dir / "node_modules").exists():
                self.options.log("installing frontend dependencies (npm ci)")
                run_checked(["npm", "ci", "--no-audit", "--no-fund"], {}, cwd=frontend_dir, what="npm ci")
            self.options.log("building the frontend")
            env = {"ANI_API_BASE_URL": self.gateway_url, "PORT": str(port), "NEXT_TELEMETRY_DISABLED": "1"}
            run_checked(["npm", "run", "build"], env, cwd=frontend_dir, what="frontend build")
            self._launch(
                [
                    ManagedProcess(
                        "frontend",
                        ["npm", "run", "start", "--", "-p", str(port), "-H", "127.0.0.1"],
                        env,
                        self.logs / "frontend.log",
                        cwd=frontend_dir,
                        ready_url=f"http://127.0.0.1:{port}/",
                    )
                ]
            )
        else:
            self._launch([self._placeholder_frontend(port)])
        return [f"http://127.0.0.1:{port}"]

    def _placeholder_frontend(self, port: int) -> ManagedProcess:
        """Until the Next.js site exists: a static page that links the API."""
        site = self.options.data_dir / "placeholder"
        site.mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text(
            "<!doctype html><meta charset=utf-8><title>ani</title><h1>ani</h1>"
            "<p>The API is up behind the gateway:</p><ul>"
            '<li><a href="/api/read/anime">/api/read/anime</a> (read models)</li>'
            '<li><a href="/api/v1/anime">/api/v1/anime</a> (catalog)</li>'
            '<li><a href="/.well-known/jwks.json">/.well-known/jwks.json</a></li></ul>'
        )
        return ManagedProcess(
            "frontend-placeholder",
            [PYTHON, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
            {},
            self.logs / "frontend.log",
            ready_url=f"http://127.0.0.1:{port}/",
        )

    def start_gateway(self, frontend_urls: list[str]) -> None:
        backends = {name: [f"http://127.0.0.1:{port}" for port in ports] for name, ports in self.ports.items()}
        backends["frontend"] = frontend_urls
        self._launch(
            [
                gateway_process(
                    self.options.data_dir,
                    web_port=self.options.gateway_port,
                    metrics_port=self.options.metrics_port,
                    backends=backends,
                    access_log=self.options.access_log,
                )
            ]
        )

    def seed(self) -> None:
        if not module_exists("ani_parser.fakes"):
            self.options.log("parser not available yet: skipping the demo catalog")
            return
        self.options.log("importing the demo catalog with the parser (fake providers → gateway → write-api)")
        summary = self.options.data_dir / "parser" / "last-run.json"
        run_checked(
            [PYTHON, "-m", "ani_parser.cli", "run", "--mode", "full", "--summary-json", str(summary)],
            self.parser_env(),
            what="demo import",
        )
        if module_exists("ani_write.projector"):
            self.options.log("rebuilding read models")
            run_checked([PYTHON, "-m", "ani_write.cli", "rebuild"], self.write_env(), what="read-model rebuild")

    async def start(self) -> None:
        await self.prepare()
        self.start_services()
        frontend_urls = self.start_frontend()
        self.start_gateway(frontend_urls)
        if self.options.seed:
            self.seed()

    def dead_processes(self) -> list[ManagedProcess]:
        return [process for process in self.processes if not process.alive()]

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()
        if self.infra is not None:
            self.infra.stop()


__all__ = ["Stack", "StackOptions", "StartupError"]
