"""Ports of the import run. Adapters live in ``ani_parser.infrastructure``; fakes of the *providers* in
``ani_parser.fakes``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ani_parser.domain.models import TitlePayload

__all__ = [
    "BackendPort",
    "ImportResult",
    "KodikPort",
    "ListPage",
    "ProgressPort",
    "RunState",
    "ShikimoriPort",
    "StateStore",
]


@dataclass(frozen=True, slots=True)
class ListPage:
    items: Sequence[Mapping[str, Any]]
    has_next: bool


class KodikPort(Protocol):
    def list_pages(self, *, max_pages: int | None) -> AsyncIterator[ListPage]:
        """``/list`` newest ``updated_at`` first, following the ``next_page`` cursor."""
        ...

    async def search(self, shikimori_id: int) -> list[Mapping[str, Any]]:
        """Every translation Kodik has for one Shikimori id, with per-episode data."""
        ...


class ShikimoriPort(Protocol):
    async def fetch_many(self, ids: Sequence[int]) -> dict[int, Mapping[str, Any]]:
        """Anime entries by id; ids Shikimori does not know are absent from the result."""
        ...


@dataclass(frozen=True, slots=True)
class ImportResult:
    source_id: str
    status: str  # created | updated | unchanged | failed
    error: str | None = None
    episodes: Mapping[str, int] = field(default_factory=dict)
    videos: Mapping[str, int] = field(default_factory=dict)


class BackendPort(Protocol):
    async def import_titles(self, source_name: str, titles: Sequence[TitlePayload]) -> list[ImportResult]: ...


@dataclass(slots=True)
class RunState:
    """What the next run needs: the incremental watermark and the ids to retry."""

    last_updated_at: str | None = None
    pending_ids: list[int] = field(default_factory=list)
    last_run_at: str | None = None
    last_run_summary: dict[str, Any] | None = None


class StateStore(Protocol):
    def load(self) -> RunState: ...

    def save(self, state: RunState) -> None: ...


class ProgressPort(Protocol):
    def update(self, *, listed: int, processed: int, failed: int) -> None: ...

    def close(self) -> None: ...
