"""The one mapping from application/domain errors to contract errors."""

from __future__ import annotations

from ani_common.errors import ErrorSpec

__all__ = ["ERROR_MAP"]

ERROR_MAP: dict[type[Exception], ErrorSpec] = {}
