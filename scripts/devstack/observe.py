"""`make dev OBSERVE=1`: a real Prometheus (Debian's `prometheus` package) scraping the dev stack.

It scrapes every API instance's /metrics, the projector (served on ``PROJECTOR_METRICS_PORT``, which this mode
turns on) and Traefik's metrics entry point every 5 s, and loads the repository's rules
(deploy/prometheus/rules/), so the recording rules the dashboards use (deploy/grafana/dashboards/) have values.
The job names are the ones the rules and dashboards expect: auth, write-api, read-api, projector, gateway. Data in
``<data-dir>/prometheus/``; UI on http://127.0.0.1:9090.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from scripts.devstack.processes import ManagedProcess
from scripts.devstack.stack import ROOT, Stack, StackOptions

__all__ = ["PROJECTOR_METRICS_PORT", "PROMETHEUS_PORT", "enable", "prometheus_config", "start_prometheus"]

PROMETHEUS_PORT = 9090
PROJECTOR_METRICS_PORT = 9100
RULES = ROOT / "deploy" / "prometheus" / "rules"


def enable(options: StackOptions) -> None:
    """Before the stack starts: the projector serves its metrics."""
    options.service_env.setdefault("PROJECTOR_METRICS_PORT", str(PROJECTOR_METRICS_PORT))
    options.service_env.setdefault("PROJECTOR_METRICS_ADDRESS", "127.0.0.1")


def prometheus_config(stack: Stack) -> dict[str, Any]:
    def job(name: str, targets: list[str]) -> dict[str, Any]:
        return {"job_name": name, "static_configs": [{"targets": targets}]}

    jobs = [job(name, [f"127.0.0.1:{port}" for port in ports]) for name, ports in sorted(stack.ports.items())]
    jobs.append(job("projector", [f"127.0.0.1:{stack.options.service_env['PROJECTOR_METRICS_PORT']}"]))
    jobs.append(job("gateway", [f"127.0.0.1:{stack.options.metrics_port}"]))
    return {
        "global": {"scrape_interval": "5s", "evaluation_interval": "5s"},
        "rule_files": [str(path) for path in sorted(RULES.glob("*.yml"))],
        "scrape_configs": jobs,
    }


def prometheus_binary() -> str:
    found = shutil.which("prometheus")
    if found is None:
        raise RuntimeError("OBSERVE=1 needs Prometheus: apt-get install prometheus (Debian's package)")
    return found


def start_prometheus(stack: Stack) -> str:
    """Start Prometheus as one of the stack's processes (stopped with it); return its URL."""
    directory: Path = stack.options.data_dir / "prometheus"
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "prometheus.yml"
    config.write_text(yaml.safe_dump(prometheus_config(stack), sort_keys=False))
    url = f"http://127.0.0.1:{PROMETHEUS_PORT}"
    process = ManagedProcess(
        "prometheus",
        [
            prometheus_binary(),
            f"--config.file={config}",
            f"--storage.tsdb.path={directory / 'data'}",
            f"--web.listen-address=127.0.0.1:{PROMETHEUS_PORT}",
            "--storage.tsdb.retention.time=2d",
        ],
        {},
        stack.logs / "prometheus.log",
        ready_url=f"{url}/-/ready",
    )
    stack._launch([process])  # one of the stack's processes: stopped and reaped with the others
    return url
