"""Print the OpenAPI document (``make openapi`` writes it to services/read-api/openapi.json)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson

from ani_read.config import Settings
from ani_read.main import create_app

__all__ = ["SNAPSHOT", "render", "schema"]

SNAPSHOT = Path(__file__).resolve().parents[2] / "openapi.json"


def schema() -> dict[str, Any]:
    settings = Settings(env="test", redis_url="redis://127.0.0.1:6379/0", _env_file=None)  # never connected
    return create_app(settings).openapi()


def render(value: dict[str, Any]) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def main() -> int:
    sys.stdout.buffer.write(render(schema()))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
