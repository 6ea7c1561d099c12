"""Use case: import one title by Shikimori id (``ani-parser one --shikimori-id N``)."""

from __future__ import annotations

from datetime import UTC, datetime

from ani_common.logging import get_logger
from ani_parser.application.import_titles import TitleImporter
from ani_parser.application.ports import StateStore
from ani_parser.application.summary import RunSummary

__all__ = ["ImportOne"]

log = get_logger(__name__)


class ImportOne:
    def __init__(self, importer: TitleImporter, state: StateStore) -> None:
        self._importer = importer
        self._state = state

    async def __call__(self, shikimori_id: int, *, dry_run: bool = False) -> RunSummary:
        summary = RunSummary(mode="one", dry_run=dry_run, started_at=datetime.now(UTC).isoformat())
        failed = await self._importer.import_ids([shikimori_id], summary, dry_run=dry_run)
        if self._importer.backend_down or "backend_unavailable" in summary.failed_reasons:
            summary.fatal_error = "write-api unavailable"
        summary.finished_at = datetime.now(UTC).isoformat()
        if not dry_run:
            state = self._state.load()
            pending = set(state.pending_ids)
            if failed:
                pending.add(shikimori_id)
            else:
                pending.discard(shikimori_id)
            if pending != set(state.pending_ids):
                state.pending_ids = sorted(pending)
                self._state.save(state)
        log.info("import of one title finished", shikimori_id=shikimori_id, **summary.to_json())
        return summary
