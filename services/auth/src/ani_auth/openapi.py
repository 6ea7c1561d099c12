"""Print the OpenAPI document: ``uv run python -m ani_auth.openapi > services/auth/openapi.json``."""

from __future__ import annotations

import json
import sys
from typing import Any

from ani_auth.config import Settings
from ani_auth.main import create_app

__all__ = ["openapi_document", "render"]


def openapi_document() -> dict[str, Any]:
    settings = Settings(
        env="test",
        database_url="postgresql://openapi@127.0.0.1/unused",
        redis_url="redis://127.0.0.1:6379/0",
        _env_file=None,
    )
    return create_app(settings).openapi()


def render() -> str:
    return json.dumps(openapi_document(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
