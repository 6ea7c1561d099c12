"""Least privilege in the deployment files (issue 15, 8), offline: every service has its own database role and Redis
ACL user in compose.yaml, the env examples and the Kubernetes manifests; the migrations alone get the owner role; the
Redis ACL template renders (deploy/redis/render-acl.sh, and the e2e harness's copy of it) into a file Redis 7 loads.
The e2e suite (tests/e2e/test_least_privilege.py) runs the whole stack as these roles and users."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from scripts.devstack.processes import StartupError
from tests.deploy.compose import ROOT, load_compose, read_env_file
from tests.e2e.harness import redis_server_7, render_acl

ENV = ROOT / "deploy" / "env"
ACL = ROOT / "deploy" / "redis" / "users.acl"
RENDER = ROOT / "deploy" / "redis" / "render-acl.sh"
PASSWORDS = {
    "REDIS_OPS_PASSWORD": "ops-password-0123456789",
    "REDIS_AUTH_PASSWORD": "auth/password&with$odd'chars",
    "REDIS_WRITE_PASSWORD": "write-password-0123456789",
    "REDIS_READ_PASSWORD": "read-password-0123456789",
}
#: The Redis ACL user of every env file with a REDIS_URL.
REDIS_USERS = {"auth": "ani-auth", "write-api": "ani-write", "projector": "ani-write", "read-api": "ani-read"}
#: The Secret each workload takes its REDIS_URL from in Kubernetes (the service's own).
K8S_REDIS_SECRETS = {
    "auth": "ani-auth",
    "write-api": "ani-write-api",
    "projector": "ani-write-api",
    "read-models-rebuild": "ani-write-api",
    "read-api": "ani-read-api",
}


def acl_users() -> dict[str, str]:
    return {
        line.split()[1]: line
        for line in ACL.read_text().splitlines()
        if line.startswith("user ")  # comments are dropped by the renderer
    }


def render_with_sh(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(RENDER), str(ACL)], env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True, check=False
    )


def test_the_acl_template_has_a_user_per_service_and_a_ping_only_default() -> None:
    users = acl_users()
    assert set(users) == {"default", "ani-ops", "ani-auth", "ani-write", "ani-read"}
    assert users["default"].split()[2:] == ["on", "nopass", "resetkeys", "resetchannels", "-@all", "+ping"]
    for name in ("ani-auth", "ani-write", "ani-read"):
        rules = users[name].split()
        assert "-@dangerous" in rules
        assert "-@admin" in rules
        assert "~*" not in rules
        assert "resetchannels" in rules
    # read-api (its rules outside the script selector): the read models read-only; its query cache is the one thing
    # it writes.
    read_rules = set(users["ani-read"].split("(")[0].split())
    assert {"%R~anime:*", "%R~user:*", "~anime:catalog:query:*"} <= read_rules
    assert not read_rules & {"~anime:*", "~user:*"}


def test_render_acl_sh_writes_hashes_only_and_matches_the_harness() -> None:
    result = render_with_sh(PASSWORDS)
    assert result.returncode == 0, result.stderr
    for password in PASSWORDS.values():
        assert password not in result.stdout
        assert "#" + hashlib.sha256(password.encode()).hexdigest() in result.stdout
    assert "${" not in result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) > len(PASSWORDS)  # a line per service user, plus the restricted default user
    assert all(line.startswith("user ") for line in lines)
    assert result.stdout == render_acl(ACL.read_text(), PASSWORDS)


@pytest.mark.parametrize("missing", sorted(PASSWORDS))
def test_render_acl_sh_refuses_a_missing_or_short_password(missing: str) -> None:
    for value in (None, "short"):
        env = {name: password for name, password in PASSWORDS.items() if name != missing}
        if value is not None:
            env[missing] = value
        result = render_with_sh(env)
        assert result.returncode != 0
        assert missing in result.stderr
        assert not result.stdout


def test_redis_7_loads_the_rendered_acl(tmp_path: Path) -> None:
    try:
        server = redis_server_7()
    except StartupError:
        pytest.skip("no redis-server 7 on PATH")
    acl = tmp_path / "users.acl"
    acl.write_text(render_acl(ACL.read_text(), PASSWORDS))
    log = tmp_path / "redis.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [server, "--port", "0", "--unixsocket", str(tmp_path / "redis.sock"), "--save", "", "--aclfile", str(acl)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 10
        while not (tmp_path / "redis.sock").exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, log.read_text()
        assert (tmp_path / "redis.sock").exists(), log.read_text()
        cli = shutil.which("redis-cli")
        if cli is not None:
            socket = str(tmp_path / "redis.sock")
            login = ["--user", "ani-read", "--pass", PASSWORDS["REDIS_READ_PASSWORD"], "--no-auth-warning"]
            whoami = subprocess.run(
                [cli, "-s", socket, *login, "ACL", "WHOAMI"],
                capture_output=True,
                text=True,
                check=False,
            )
            assert "NOPERM" in whoami.stdout + whoami.stderr  # authenticated as ani-read, refused ACL
    finally:
        process.terminate()
        process.wait(timeout=10)


# ---------------------------------------------------------------------------------------------------- compose
def _env_of(service: dict[str, Any]) -> dict[str, str]:
    env: dict[str, str] = {}
    for entry in service.get("env_file", []):
        env.update(read_env_file(ROOT / (entry["path"] + ".example")))
    return env


def test_compose_runs_each_service_as_its_own_roles() -> None:
    services = load_compose()["services"]
    owner = read_env_file(ENV / "postgres.env.example")["POSTGRES_USER"]
    assert "REDIS_URL" not in read_env_file(ENV / "common.env.example")
    database_users = {}
    for name, user in REDIS_USERS.items():
        env = _env_of(services[name])
        assert urlsplit(env["REDIS_URL"]).username == user, name
        assert user in acl_users()
        assert "MIGRATION_DATABASE_URL" not in env, f"{name}: the owner's URL belongs to the migration job only"
        if "DATABASE_URL" in env:
            database_users[name] = urlsplit(env["DATABASE_URL"]).username
            assert database_users[name] != owner, name
    assert database_users == {"auth": "ani_auth_svc", "write-api": "ani_write_svc", "projector": "ani_write_svc"}
    for job in ("auth-migrate", "write-migrate"):
        assert urlsplit(_env_of(services[job])["MIGRATION_DATABASE_URL"]).username == owner, job
    roles = (ROOT / "deploy" / "postgres" / "roles.sh").read_text()
    for role in database_users.values():
        assert f"CREATE ROLE {role} LOGIN" in roles
    assert any("roles.sh" in volume for volume in services["postgres"]["volumes"])
    redis = services["redis"]
    assert "--aclfile" in redis["command"]
    assert {entry["path"] for entry in redis["env_file"]} == {"deploy/env/redis.env"}
    assert set(read_env_file(ENV / "redis.env.example")) == {
        name for line in acl_users().values() for name in PASSWORDS if "${" + name + "}" in line
    }


# ---------------------------------------------------------------------------------------------------- Kubernetes
def _render(overlay: str) -> list[dict[str, Any]]:
    from tests.deploy.test_k8s import render

    return render(overlay)


@pytest.fixture(scope="module")
def production() -> list[dict[str, Any]]:
    return _render("production")


def _containers(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found = {}
    for doc in docs:
        if doc["kind"] not in {"Deployment", "StatefulSet", "Job", "CronJob"}:
            continue
        spec = doc["spec"]["jobTemplate"]["spec"] if doc["kind"] == "CronJob" else doc["spec"]
        found[doc["metadata"]["name"]] = spec["template"]["spec"]["containers"][0]
    return found


def _secret_refs(container: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {
        variable["name"]: (variable["valueFrom"]["secretKeyRef"]["name"], variable["valueFrom"]["secretKeyRef"]["key"])
        for variable in container.get("env", [])
        if "secretKeyRef" in variable.get("valueFrom", {})
    }


def test_kubernetes_gives_each_workload_its_own_redis_user_and_the_owner_to_the_migrations(
    production: list[dict[str, Any]],
) -> None:
    containers = _containers(production)
    for name, secret in K8S_REDIS_SECRETS.items():
        assert _secret_refs(containers[name])["REDIS_URL"] == (secret, "REDIS_URL"), name
    for name, container in containers.items():
        refs = _secret_refs(container)
        assert all(secret != "ani-redis" for secret, _ in refs.values()), name
        if name.endswith("-migrate"):
            assert refs == {
                "MIGRATION_DATABASE_URL": (
                    f"ani-{name.removesuffix('-migrate')}-migration",
                    refs["MIGRATION_DATABASE_URL"][1],
                )
            }
        else:
            assert "MIGRATION_DATABASE_URL" not in refs, name


def test_the_dev_overlay_copies_are_the_repositorys() -> None:
    dev = ROOT / "deploy" / "k8s" / "overlays" / "dev"
    assert (dev / "roles.sh").read_text() == (ROOT / "deploy" / "postgres" / "roles.sh").read_text()
    assert (dev / "redis-users.acl").read_text() == ACL.read_text()
    assert (dev / "render-acl.sh").read_text() == RENDER.read_text()
    redis = yaml.safe_load_all((dev / "redis.yaml").read_text())
    deployment = next(doc for doc in redis if doc["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert "--aclfile" in container["args"]
    assert set(_secret_refs(container)) == set(PASSWORDS)
