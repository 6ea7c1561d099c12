"""The one mapping from application errors to contract errors.

Both ways a read request is answered use it: the endpoints (:meth:`ani_read.api.endpoints.ReadEndpoints`, for the
fast path and the FastAPI routes alike) render their failures with it, and ``create_service_app`` installs it as the
FastAPI application's exception handlers.
"""

from __future__ import annotations

from ani_common.errors import UNEXPECTED_ERROR, ErrorCode, ErrorSpec
from ani_read.application.errors import ReadModelCorruptError, ReadModelNotFoundError, ReadModelUnavailableError

__all__ = ["ERROR_MAP", "RETRY_AFTER_SECONDS", "UNAVAILABLE_MESSAGE", "error_spec"]

RETRY_AFTER_SECONDS = 5
UNAVAILABLE_MESSAGE = "Read models are temporarily unavailable"

ERROR_MAP: dict[type[Exception], ErrorSpec] = {
    # never projected: the model's own contract message (``str(exc)``)
    ReadModelNotFoundError: ErrorSpec(404, ErrorCode.HTTP_ERROR),
    # Redis unreachable: the client may retry
    ReadModelUnavailableError: ErrorSpec(
        503, ErrorCode.SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
    ),
    # a stored value that is not a read model: logged with its key, never shown
    ReadModelCorruptError: ErrorSpec(500, ErrorCode.INTERNAL_ERROR, UNEXPECTED_ERROR),
}


def error_spec(exc: Exception) -> ErrorSpec | None:
    """The spec of ``exc``'s class (or of its nearest mapped base class), as FastAPI's handler lookup finds it."""
    for kind in type(exc).__mro__:
        spec = ERROR_MAP.get(kind)
        if spec is not None:
            return spec
    return None
