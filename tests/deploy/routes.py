"""Reading gateway/dynamic/routes.yml without Traefik: its Go template directives are dropped (every `if` branch
kept, every `range` body once), which leaves the routers and middlewares as Traefik would load them in production
(the frontend route present, HSTS on)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
ROUTES = ROOT / "gateway" / "dynamic" / "routes.yml"

_DIRECTIVE_LINE = re.compile(r"^\s*\{\{-?\s*(if|else|end|range)\b.*\}\}\s*$")
_INLINE = re.compile(r"\{\{.*?\}\}")


def load_routes(path: Path = ROUTES) -> dict[str, Any]:
    """``http`` of the dynamic configuration: ``routers``, ``middlewares`` (and ``services``, with placeholders)."""
    lines = [line for line in path.read_text().splitlines() if not _DIRECTIVE_LINE.match(line)]
    text = _INLINE.sub("template-value", "\n".join(lines))
    document: dict[str, Any] = yaml.safe_load(text)
    http: dict[str, Any] = document["http"]
    return http


def normalize_rule(rule: str) -> str:
    return " ".join(rule.split())
