"""Print the OpenAPI document: ``uv run python -m ani_write.openapi > services/write-api/openapi.json``."""

from __future__ import annotations

import sys
from typing import Any

import orjson

from ani_write.config import Settings
from ani_write.main import create_app

__all__ = ["openapi_document", "render"]

_SNAPSHOT_SETTINGS: dict[str, Any] = {
    "env": "dev",
    "database_url": "postgresql://snapshot@127.0.0.1/snapshot",
    "redis_url": "redis://127.0.0.1:6379/0",
    "internal_token": "snapshot-only-token-not-used-for-anything",
    "_env_file": None,
}


def openapi_document() -> dict[str, Any]:
    document: dict[str, Any] = create_app(Settings(**_SNAPSHOT_SETTINGS)).openapi()
    return document


def render(document: dict[str, Any]) -> bytes:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


if __name__ == "__main__":
    sys.stdout.buffer.write(render(openapi_document()))
