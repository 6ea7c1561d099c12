"""Use case: import the catalog, ``full`` or ``incremental``.

Kodik ``/list`` is read newest ``updated_at`` first. Incremental mode stops at the watermark stored by the
last complete run, so a re-run of an unchanged catalog reads one page and posts nothing. Ids are
de-duplicated per run (Kodik lists one item per translation). Ids that failed are kept in the state and
retried first next time. The watermark only moves forward after a run that read the listing to its end (or
to the watermark): a run cut short (``--max-pages``, a listing error, write-api down) leaves it where it was.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from ani_common.logging import get_logger
from ani_parser.application.errors import ProviderError
from ani_parser.application.import_titles import TitleImporter
from ani_parser.application.ports import KodikPort, ProgressPort, StateStore
from ani_parser.application.summary import RunSummary
from ani_parser.domain.kodik import listed_item

__all__ = ["ImportCatalog", "Mode", "parse_timestamp"]

log = get_logger(__name__)

Mode = Literal["full", "incremental"]


def parse_timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True, slots=True)
class _NullProgress:
    def update(self, *, listed: int, processed: int, failed: int) -> None:
        return None

    def close(self) -> None:
        return None


class ImportCatalog:
    def __init__(
        self,
        kodik: KodikPort,
        importer: TitleImporter,
        state: StateStore,
        *,
        chunk_size: int = 50,
        pipeline_depth: int = 2,
        progress: ProgressPort | None = None,
        clock: Callable[[], str] = _now,
    ) -> None:
        self._kodik = kodik
        self._importer = importer
        self._state = state
        self._chunk_size = chunk_size
        self._pipeline_depth = max(pipeline_depth, 1)
        self._progress: ProgressPort = progress or _NullProgress()
        self._clock = clock

    async def __call__(self, *, mode: Mode, dry_run: bool = False, max_pages: int | None = None) -> RunSummary:
        summary = RunSummary(mode=mode, dry_run=dry_run, started_at=self._clock())
        state = self._state.load()
        watermark = parse_timestamp(state.last_updated_at) if mode == "incremental" else None
        newest: datetime | None = None
        seen: set[int] = set()
        failed: list[str] = []
        chunk: list[int] = []
        inflight: deque[asyncio.Task[list[str]]] = deque()

        async def settle(task: asyncio.Task[list[str]]) -> None:
            failed.extend(await task)
            self._progress.update(listed=summary.listed_items, processed=summary.processed, failed=summary.failed)

        async def flush() -> None:
            nonlocal chunk
            if chunk:
                ids, chunk = chunk, []
                if self._importer.backend_down:  # don't spend provider quota on titles we cannot post
                    for shikimori_id in ids:
                        summary.fail(str(shikimori_id), "backend_unavailable")
                    failed.extend(str(i) for i in ids)
                    return
                # chunks overlap (one posts while the next is fetched); the importer's semaphore bounds requests
                inflight.append(asyncio.create_task(self._importer.import_ids(ids, summary, dry_run=dry_run)))
                if len(inflight) >= self._pipeline_depth:
                    await settle(inflight.popleft())

        async def enqueue(shikimori_id: int) -> None:
            if shikimori_id in seen:
                return
            seen.add(shikimori_id)
            chunk.append(shikimori_id)
            if len(chunk) >= self._chunk_size:
                await flush()

        for pending in state.pending_ids:  # retry what failed last time first
            await enqueue(pending)
        reached_watermark = False
        try:
            async for page in self._kodik.list_pages(max_pages=max_pages):
                summary.pages += 1
                for raw in page.items:
                    item = listed_item(raw)
                    updated = parse_timestamp(item.updated_at)
                    if watermark is not None and updated is not None and updated < watermark:
                        reached_watermark = True
                        break
                    summary.listed_items += 1
                    if updated is not None and (newest is None or updated > newest):
                        newest = updated
                    if item.shikimori_id is None:
                        summary.skip("no_shikimori_id")
                        continue
                    await enqueue(item.shikimori_id)
                    if self._importer.backend_down:
                        break
                self._progress.update(listed=summary.listed_items, processed=summary.processed, failed=summary.failed)
                if reached_watermark or self._importer.backend_down:
                    break
                if max_pages is not None and summary.pages >= max_pages and page.has_next:
                    summary.cut_short = "max_pages"
                    break
        except ProviderError as exc:
            log.error("kodik listing failed", reason=str(exc))
            summary.fatal_error = f"kodik listing failed: {exc}"
            summary.cut_short = "listing_failed"
        await flush()
        try:
            while inflight:
                await settle(inflight.popleft())
        finally:
            for task in inflight:
                task.cancel()
        if self._importer.backend_down:
            summary.fatal_error = "write-api unavailable"
            summary.cut_short = summary.cut_short or "backend_unavailable"
        self._progress.close()
        summary.finished_at = self._clock()
        if not dry_run:
            state.pending_ids = sorted({int(i) for i in failed})
            if summary.cut_short is None and newest is not None:
                previous = parse_timestamp(state.last_updated_at)
                if previous is None or newest > previous:
                    state.last_updated_at = newest.isoformat()
            state.last_run_at = summary.finished_at
            state.last_run_summary = {k: v for k, v in summary.to_json().items() if k != "failed_ids"}
            self._state.save(state)
        log.info("import run finished", **{k: v for k, v in summary.to_json().items() if k != "failed_ids"})
        return summary
