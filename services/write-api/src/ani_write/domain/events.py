"""Outbox events. One event per ``(topic, key)`` per transaction: the unit of work coalesces duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ANIME_CHANGED",
    "CATALOG_CHANGED",
    "HISTORY_CHANGED",
    "LIBRARY_CHANGED",
    "PROGRESS_CHANGED",
    "REBUILD_REQUESTED",
    "Event",
    "anime_changed",
    "catalog_changed",
    "library_changed",
    "progress_changed",
    "rebuild_requested",
    "user_data_changed",
]

ANIME_CHANGED = "anime_changed"
CATALOG_CHANGED = "catalog_changed"
LIBRARY_CHANGED = "library_changed"
PROGRESS_CHANGED = "progress_changed"
HISTORY_CHANGED = "history_changed"
#: an operator asked for a rebuild; payload ``{"job_id": str}`` (scope and target are in ``rebuild_jobs``)
REBUILD_REQUESTED = "rebuild_requested"


@dataclass(frozen=True, slots=True)
class Event:
    topic: str
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """Identity used for coalescing: the topic and the payload's values."""
        return self.topic, tuple(sorted((name, str(value)) for name, value in self.payload.items()))


def user_data_changed(topic: str, user_id: int, provider: str) -> Event:
    return Event(topic, {"user_id": user_id, "provider": provider})


def library_changed(user_id: int, provider: str, title_id: str) -> Event:
    """A library row changed: the user's library and that title's model are recomputed."""
    return Event(LIBRARY_CHANGED, {"user_id": user_id, "provider": provider, "title_id": title_id})


def progress_changed(user_id: int, provider: str, title_id: str, episode_id: str) -> Event:
    """A progress row changed: the projector recomputes only that title's model of the user (events written before
    ``title_id``/``episode_id`` existed make it recompute every title of the user)."""
    return Event(
        PROGRESS_CHANGED, {"user_id": user_id, "provider": provider, "title_id": title_id, "episode_id": episode_id}
    )


def anime_changed(anime_id: str, slug: str) -> Event:
    return Event(ANIME_CHANGED, {"anime_id": anime_id, "slug": slug})


def catalog_changed() -> Event:
    return Event(CATALOG_CHANGED, {})


def rebuild_requested(job_id: str) -> Event:
    return Event(REBUILD_REQUESTED, {"job_id": job_id})
