"""Fast JSON responses: orjson serialises the use cases' dataclasses directly (UTC datetimes with ``Z``).

Endpoints still declare ``response_model`` so the OpenAPI document describes the shapes; returning a ``Response``
skips FastAPI's re-validation of data we built ourselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import orjson
from fastapi.responses import Response

__all__ = ["json_bytes", "json_response"]

_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC


def _default(value: Any) -> Any:
    # asyncpg returns its own UUID type (a ``uuid.UUID`` subclass orjson does not serialise natively).
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_bytes(content: Any) -> bytes:
    return orjson.dumps(content, default=_default, option=_OPTIONS)


def json_response(content: Any, status_code: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        json_bytes(content),
        status_code=status_code,
        media_type="application/json",
        headers=dict(headers) if headers else None,
    )
