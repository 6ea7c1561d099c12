"""The per-run report: what happened to every title the run looked at, and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["RunSummary"]


@dataclass(slots=True)
class RunSummary:
    mode: str
    dry_run: bool = False
    started_at: str = ""
    finished_at: str = ""
    pages: int = 0
    listed_items: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    would_import: int = 0
    metadata_from_kodik: int = 0
    episodes: Counter[str] = field(default_factory=Counter)
    videos: Counter[str] = field(default_factory=Counter)
    failed_reasons: Counter[str] = field(default_factory=Counter)
    skipped_reasons: Counter[str] = field(default_factory=Counter)
    failed_ids: list[str] = field(default_factory=list)
    cut_short: str | None = None
    fatal_error: str | None = None
    dry_run_titles: list[dict[str, Any]] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.new + self.changed + self.unchanged + self.failed + self.skipped + self.would_import

    @property
    def ok(self) -> bool:
        return self.fatal_error is None and self.cut_short is None and self.failed == 0

    def fail(self, source_id: str, reason: str) -> None:
        self.failed += 1
        self.failed_reasons[reason] += 1
        self.failed_ids.append(source_id)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_reasons[reason] += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "dry_run": self.dry_run,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "ok": self.ok,
            "cut_short": self.cut_short,
            "fatal_error": self.fatal_error,
            "pages": self.pages,
            "listed_items": self.listed_items,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "skipped": self.skipped,
            "would_import": self.would_import,
            "metadata_from_kodik": self.metadata_from_kodik,
            "episodes": dict(self.episodes),
            "videos": dict(self.videos),
            "failed_reasons": dict(self.failed_reasons),
            "skipped_reasons": dict(self.skipped_reasons),
            "failed_ids": self.failed_ids[:1000],
        }
