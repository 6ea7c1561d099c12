"""Reading compose.yaml the way `docker compose` does: interpolate ${VAR:-default}, resolve YAML merge keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
_VARIABLE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}")


def interpolate(text: str, env: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$$"  # escaped: left for the container's shell
        name, operator, default = match.group(1), match.group(2), match.group(3)
        value = env.get(name)
        if value is None or (operator == ":-" and value == ""):
            return default or ""
        return value

    return _VARIABLE.sub(replace, text)


def load_compose(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(interpolate((ROOT / "compose.yaml").read_text(), env or {}))
    return document


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip()
    return values
