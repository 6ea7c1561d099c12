"""How much per-user data write-api keeps (issue 15, hole 6).

Every user's rows are bounded, across all ``provider`` namespaces together (a provider is any short name, so a
per-provider cap alone would be no cap):

* library items: :data:`MAX_LIBRARY_ITEMS` (an anime fan's list of everything ever watched or planned fits);
* progress rows (one per episode): :data:`MAX_PROGRESS_ROWS` (roughly 800 series of 25 episodes);
* history rows: at most one per episode with progress (a write touches the episode's entry instead of adding one),
  so history is bounded by the progress cap.

A write that would add a row past a cap is refused with 422 (nothing written); updating an existing row always
works. Settings ``USER_MAX_LIBRARY_ITEMS`` / ``USER_MAX_PROGRESS_ROWS`` change them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_LIBRARY_ITEMS", "MAX_PROGRESS_ROWS", "UserDataLimits"]

MAX_LIBRARY_ITEMS = 5_000
MAX_PROGRESS_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class UserDataLimits:
    max_library_items: int = MAX_LIBRARY_ITEMS
    max_progress_rows: int = MAX_PROGRESS_ROWS
