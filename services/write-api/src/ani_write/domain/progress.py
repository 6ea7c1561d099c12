"""Watch progress rules (docs/contract.md 18)."""

from __future__ import annotations

import math

from ani_write.domain.errors import InvalidProgressError

__all__ = ["WATCHED_FRACTION", "is_watched", "validate_progress"]

#: An episode counts as watched once the position reaches this fraction of a known duration (the near-end rule).
WATCHED_FRACTION = 0.9


def validate_progress(position_seconds: float, duration_seconds: float) -> None:
    if not (math.isfinite(position_seconds) and math.isfinite(duration_seconds)):
        raise InvalidProgressError("position and duration must be finite numbers")
    if position_seconds < 0 or duration_seconds < 0:
        raise InvalidProgressError("position and duration must not be negative")
    if duration_seconds > 0 and position_seconds > duration_seconds:
        raise InvalidProgressError("position must not exceed the duration")


def is_watched(position_seconds: float, duration_seconds: float) -> bool:
    """The near-end rule: watched when the duration is known and the position is at least 90 % of it."""
    return duration_seconds > 0 and position_seconds >= WATCHED_FRACTION * duration_seconds
