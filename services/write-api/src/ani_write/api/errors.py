"""The one mapping from application/domain errors to contract errors."""

from __future__ import annotations

from asyncpg.exceptions import DataError, OperatorInterventionError, PostgresConnectionError

from ani_common.errors import ErrorCode, ErrorSpec
from ani_write.application.errors import (
    AmbiguousEpisodeError,
    AnimeNotFoundError,
    CatalogConflictError,
    EpisodeNotFoundError,
    HistoryEntryNotFoundError,
    LibraryItemNotFoundError,
    RebuildJobNotFoundError,
    SlugUnavailableError,
    UserDataLimitError,
    VideoSourceNotFoundError,
)
from ani_write.domain.errors import InvalidProgressError

__all__ = ["ERROR_MAP"]

_DATABASE_DOWN = ErrorSpec(
    503, ErrorCode.SERVICE_UNAVAILABLE, "Service temporarily unavailable", headers={"Retry-After": "5"}
)

ERROR_MAP: dict[type[Exception], ErrorSpec] = {
    LibraryItemNotFoundError: ErrorSpec(404, ErrorCode.NOT_FOUND),
    HistoryEntryNotFoundError: ErrorSpec(404, ErrorCode.NOT_FOUND),
    AnimeNotFoundError: ErrorSpec(404, ErrorCode.NOT_FOUND),
    EpisodeNotFoundError: ErrorSpec(404, ErrorCode.NOT_FOUND),
    AmbiguousEpisodeError: ErrorSpec(409, ErrorCode.CONFLICT),
    SlugUnavailableError: ErrorSpec(409, ErrorCode.CONFLICT),
    VideoSourceNotFoundError: ErrorSpec(404, ErrorCode.NOT_FOUND),
    RebuildJobNotFoundError: ErrorSpec(404, ErrorCode.NOT_FOUND),
    CatalogConflictError: ErrorSpec(409, ErrorCode.CONFLICT),
    InvalidProgressError: ErrorSpec(422, ErrorCode.VALIDATION_ERROR, "Invalid request data"),
    UserDataLimitError: ErrorSpec(422, ErrorCode.VALIDATION_ERROR),
    # PostgreSQL refusing a value (class 22: a NUL character in text, a number out of range…) is bad input; the
    # statement failed, so its transaction rolled back and nothing was written.
    DataError: ErrorSpec(422, ErrorCode.VALIDATION_ERROR, "Invalid request data"),
    # PostgreSQL unreachable, restarting or shutting down: the request did not happen; the client may retry.
    # OSError covers the socket level (refused, reset, no socket file, timeouts: TimeoutError is an OSError).
    PostgresConnectionError: _DATABASE_DOWN,
    OperatorInterventionError: _DATABASE_DOWN,
    OSError: _DATABASE_DOWN,
}
