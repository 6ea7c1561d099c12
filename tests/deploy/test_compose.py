"""compose.yaml cannot run here (no Docker engine), so everything that can be checked without one is checked."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from compose_spec import PyCompose
from pydantic_settings import BaseSettings

from ani_auth.config import Settings as AuthSettings
from ani_parser.config import Settings as ParserSettings
from ani_read.config import Settings as ReadSettings
from ani_write.config import Settings as WriteSettings
from ani_write.projector.settings import ProjectorSettings
from tests.deploy.compose import ROOT, interpolate, load_compose, read_env_file

SETTINGS: dict[str, type[BaseSettings]] = {
    "auth": AuthSettings,
    "auth-migrate": AuthSettings,
    "write-api": WriteSettings,
    "write-migrate": WriteSettings,
    "projector": ProjectorSettings,
    "read-api": ReadSettings,
    "parser": ParserSettings,
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


def test_the_file_is_valid_against_the_compose_specification(compose: dict[str, Any]) -> None:
    parsed = PyCompose.from_json(json.dumps(compose))  # raises ValueError on any spec violation
    assert set(parsed.service_names()) >= {
        "postgres",
        "redis",
        "auth",
        "write-api",
        "read-api",
        "projector",
        "traefik",
        "frontend",
    }
    assert parsed.to_spec().services is not None


def test_the_validator_rejects_what_compose_would_reject() -> None:
    with pytest.raises(ValueError, match="unknown variant"):
        PyCompose.from_json(json.dumps({"services": {"a": {"image": "x", "restart": "sometimes"}}}))


def test_interpolation_defaults_and_overrides() -> None:
    assert interpolate("${A:-2} ${B-x} $$HOME", {}) == "2 x $$HOME"
    assert interpolate("${A:-2}", {"A": "5"}) == "5"
    assert load_compose({"READ_API_REPLICAS": "3"})["services"]["read-api"]["deploy"]["replicas"] == 3
    assert load_compose({"FRONTEND_REPLICAS": "4"})["services"]["frontend"]["deploy"]["replicas"] == 4


def test_every_service_has_a_health_check_and_http_services_check_ready(compose: dict[str, Any]) -> None:
    for name in ("postgres", "redis", "auth", "write-api", "read-api", "traefik", "frontend"):
        assert "healthcheck" in compose["services"][name], name
    for name in ("auth", "write-api", "read-api"):
        assert "/ready" in " ".join(compose["services"][name]["healthcheck"]["test"])


def test_replicas_are_settable_per_service(compose: dict[str, Any]) -> None:
    for name in ("auth", "write-api", "read-api", "projector", "frontend"):
        assert isinstance(compose["services"][name]["deploy"]["replicas"], int)


# scan-tests: ok — the services with env files are asserted first; each of them has at least one entry
def test_secrets_come_from_env_files_not_from_the_compose_file(compose: dict[str, Any]) -> None:
    text = (ROOT / "compose.yaml").read_text()
    assert not re.search(r"(PASSWORD|TOKEN|SECRET|KEY)\s*[:=]\s*\S+", text.replace("auth_signing_key", ""))
    with_env_files = {name for name, service in compose["services"].items() if service.get("env_file")}
    assert {"auth", "write-api", "projector", "read-api", "parser", "redis", "postgres"} <= with_env_files
    for name in with_env_files:
        for entry in compose["services"][name]["env_file"]:
            assert entry["path"].startswith("deploy/env/"), name
    gitignore = (ROOT / ".gitignore").read_text()
    assert "deploy/env/*.env" in gitignore


def _env_for(service: dict[str, Any]) -> dict[str, str]:
    env: dict[str, str] = {}
    for entry in service.get("env_file", []):
        example = ROOT / (entry["path"] + ".example")
        assert example.exists(), f"{example} documents {entry['path']}"
        env.update(read_env_file(example))
    env.update(service.get("environment", {}) or {})
    return env


def _field_env_names(settings: type[BaseSettings]) -> set[str]:
    return {name.upper() for name in settings.model_fields}


@pytest.fixture(scope="module")
def signing_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = tmp_path_factory.mktemp("secrets") / "auth-signing.pem"
    path.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return path


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_each_service_env_matches_its_settings_class(
    compose: dict[str, Any], name: str, signing_key_file: Path
) -> None:
    settings_class = SETTINGS[name]
    env = _env_for(compose["services"][name])
    known = _field_env_names(settings_class)
    unknown = sorted(set(env) - known)
    assert not unknown, f"{name}: variables its settings class does not read: {unknown}"
    # With placeholder secrets filled in, the example env must satisfy the settings class (production validators
    # included), so a deployment that only replaces CHANGE_ME values starts.
    filled = {
        key: value.replace("CHANGE_ME", "Qz7pLm2v9Rt4Wk6Yb3Nc5Hd8Fj1Gs0AxE4uJ9iK2oP5r") for key, value in env.items()
    }
    if "JWT_SIGNING_KEY_FILE" in filled:
        filled["JWT_SIGNING_KEY_FILE"] = str(signing_key_file)  # stands in for the mounted Docker secret
    values: dict[str, Any] = {key.lower(): value for key, value in filled.items()}
    settings_class(_env_file=None, **values)


def test_compose_routes_are_the_gateway_routes(compose: dict[str, Any]) -> None:
    traefik = compose["services"]["traefik"]
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in traefik["volumes"]}
    assert mounts["/etc/traefik/traefik.yml"] == "./gateway/traefik.yml"
    assert mounts["/etc/traefik/dynamic"] == "./gateway/dynamic"  # the very file provider routes dev and tests use
    routes = (ROOT / "gateway" / "dynamic" / "routes.yml").read_text()
    for variable, service in (
        ("ANI_AUTH_URLS", "auth"),
        ("ANI_WRITE_URLS", "write-api"),
        ("ANI_READ_URLS", "read-api"),
    ):
        assert variable in routes
        assert traefik["environment"][variable] == f"http://{service}:8000"
        command = " ".join(compose["services"][service].get("command") or _dockerfile_cmd(service))
        assert "--port 8000" in command or "8000" in command


def _dockerfile_cmd(service: str) -> list[str]:
    dockerfile = (ROOT / "services" / service / "Dockerfile").read_text()
    match = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert match is not None
    command: list[str] = json.loads(match.group(1))
    return command


@pytest.mark.parametrize("service", ["auth", "write-api", "read-api", "parser"])
def test_dockerfiles_install_only_their_member_from_the_lock(service: str) -> None:
    dockerfile = (ROOT / "services" / service / "Dockerfile").read_text()
    assert "uv sync --locked --no-dev" in dockerfile
    assert f"COPY services/{service} services/{service}" in dockerfile
    assert "USER ani" in dockerfile
    members = sorted(member.name for member in (ROOT / "services").iterdir() if (member / "pyproject.toml").exists())
    assert members == ["auth", "parser", "read-api", "write-api"]
    for member in members:
        assert f"COPY services/{member}/pyproject.toml" in dockerfile


def test_the_public_gateway_never_routes_metrics_or_docs() -> None:
    routes = (ROOT / "gateway" / "dynamic" / "routes.yml").read_text()
    rules = " ".join(re.findall(r"rule: (.*)", routes)) + " ".join(re.findall(r"^\s{8}(Path.*)$", routes, re.M))
    for path in ("/metrics", "/docs", "/openapi.json", "/ready", "/health"):
        assert path not in rules


# ---------------------------------------------------------------------------------------------------------- the site
FRONTEND = ROOT / "frontend"


def _stages(dockerfile: str) -> list[str]:
    """The Dockerfile's stages, each from its FROM line to the next one."""
    return re.split(r"^(?=FROM )", dockerfile, flags=re.MULTILINE)[1:]


def test_the_gateway_always_routes_the_site_and_the_site_calls_the_gateway(compose: dict[str, Any]) -> None:
    for env in ({}, {"ANI_FRONTEND_URLS": ""}):  # no longer optional: the frontend route exists in every deployment
        traefik = load_compose(env)["services"]["traefik"]
        assert traefik["environment"]["ANI_FRONTEND_URLS"] == "http://frontend:3000"
    assert "ANI_FRONTEND_URLS" in (ROOT / "gateway" / "dynamic" / "routes.yml").read_text()
    frontend = compose["services"]["frontend"]
    assert "3000" in [str(port) for port in frontend["expose"]]
    assert "ports" not in frontend  # browsers reach the site through the gateway only
    # The site's server calls /api/read/*, /api/v1/* and /api/v1/auth/* on one base URL: the gateway's internal one.
    traefik_yml = yaml.safe_load((ROOT / "gateway" / "traefik.yml").read_text())
    gateway_port = traefik_yml["entryPoints"]["web"]["address"].rsplit(":", 1)[1]
    assert frontend["environment"]["ANI_API_BASE_URL"] == f"http://traefik:{gateway_port}"
    assert frontend["depends_on"]["traefik"] == {"condition": "service_healthy"}


def test_the_site_env_example_documents_only_what_the_site_reads(compose: dict[str, Any]) -> None:
    env = _env_for(compose["services"]["frontend"])
    assert set(env) <= {"ANI_SITE_URL", "ANI_API_BASE_URL", "NEXT_TELEMETRY_DISABLED"}
    assert env["ANI_SITE_URL"].startswith("https://")  # canonical URLs and the sitemap use the public origin
    assert env["NEXT_TELEMETRY_DISABLED"] == "1"


def test_the_site_image_is_multi_stage_standalone_and_unprivileged(compose: dict[str, Any]) -> None:
    build = compose["services"]["frontend"]["build"]
    assert build == {"context": "frontend", "dockerfile": "Dockerfile"}
    dockerfile = (FRONTEND / "Dockerfile").read_text()
    stages = _stages(dockerfile)
    assert len(stages) >= 3
    assert "npm ci" in stages[0]
    assert "COPY package.json package-lock.json" in stages[0]
    assert "npm run build" in "".join(stages[:-1])
    runtime = stages[-1]
    assert runtime.startswith("FROM node:20")
    # Only the standalone output (server.js, traced node_modules, and the static files and public/ that postbuild
    # copies into it) reaches the runtime image.
    copies = re.findall(r"^COPY (.*)$", runtime, re.MULTILINE)
    assert copies == ["--from=build /app/.next/standalone ./"]
    assert re.search(r"^USER node$", runtime, re.MULTILINE)
    for setting in ("NODE_ENV=production", "NEXT_TELEMETRY_DISABLED=1", "HOSTNAME=0.0.0.0", "PORT=3000"):
        assert setting in runtime, setting
    assert "HEALTHCHECK" in runtime
    assert re.search(r'^CMD \["node", "server.js"\]$', runtime, re.MULTILINE)
    package = json.loads((FRONTEND / "package.json").read_text())
    assert package["scripts"]["postbuild"] == "node scripts/serve.mjs --prepare"
    assert "standalone" in (FRONTEND / "next.config.ts").read_text()


def test_the_site_image_needs_nothing_outside_its_folder() -> None:
    dockerfile = (FRONTEND / "Dockerfile").read_text()
    assert "../" not in dockerfile
    ignored = {line.strip() for line in (FRONTEND / ".dockerignore").read_text().splitlines()}
    assert {"node_modules", ".next", ".env", "screenshots"} <= ignored
    for copied in ("package.json", "package-lock.json", "scripts", "src"):
        assert copied not in ignored
        assert (FRONTEND / copied).exists(), copied
    # The TypeScript types generated from services/*/openapi.json are committed inside the folder.
    assert sorted(path.name for path in (FRONTEND / "src" / "lib" / "api-types").glob("*.ts")) == [
        "auth.ts",
        "read.ts",
        "write.ts",
    ]
