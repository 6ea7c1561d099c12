"""Shared step of every run: a chunk of Shikimori ids → provider look-ups → import payloads → write-api.

One bad title never aborts the chunk: each failure is recorded with its reason and the id is kept for the
next run. Batches posted to write-api hold at most ``batch_size`` titles and ``max_batch_bytes`` of JSON; a
batch write-api rejects as a whole (422, a contract breach) is retried title by title so only the offending
title fails.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ani_common.logging import get_logger
from ani_parser.application.errors import (
    BackendAuthError,
    BackendRejectedError,
    BackendUnavailableError,
    ProviderError,
)
from ani_parser.application.ports import BackendPort, ImportResult, KodikPort, ShikimoriPort
from ani_parser.application.summary import RunSummary
from ani_parser.domain.kodik import episodes_from_search, title_from_kodik
from ani_parser.domain.models import TitlePayload
from ani_parser.domain.priority import TranslationPreference
from ani_parser.domain.shikimori import title_from_shikimori

__all__ = ["ImportSettings", "TitleImporter"]

log = get_logger(__name__)

_STATUS_FIELD = {"created": "new", "updated": "changed", "unchanged": "unchanged"}


@dataclass(frozen=True, slots=True)
class ImportSettings:
    source_name: str = "kodik-shikimori"
    player_name: str = "kodik"
    shikimori_site_url: str = "https://shikimori.one"
    preference: TranslationPreference = field(default_factory=TranslationPreference)
    concurrency: int = 4
    batch_size: int = 50
    max_batch_bytes: int = 2_000_000
    max_consecutive_backend_failures: int = 3


class TitleImporter:
    def __init__(
        self,
        kodik: KodikPort,
        shikimori: ShikimoriPort,
        backend: BackendPort,
        settings: ImportSettings,
    ) -> None:
        self._kodik = kodik
        self._shikimori = shikimori
        self._backend = backend
        self._settings = settings
        self._semaphore = asyncio.Semaphore(settings.concurrency)
        self._backend_failures_in_a_row = 0

    @property
    def backend_down(self) -> bool:
        return self._backend_failures_in_a_row >= self._settings.max_consecutive_backend_failures

    async def _search(self, shikimori_id: int) -> list[Mapping[str, Any]] | ProviderError:
        async with self._semaphore:
            try:
                return await self._kodik.search(shikimori_id)
            except ProviderError as exc:
                return exc

    async def build(self, ids: Sequence[int], summary: RunSummary) -> tuple[list[TitlePayload], list[str]]:
        """Payloads for the ids that can be imported; the others are counted in ``summary``. Also returns
        the ids that failed (to retry next run)."""
        failed: list[str] = []
        metadata_task = asyncio.ensure_future(self._shikimori.fetch_many(ids))
        searches = await asyncio.gather(*(self._search(i) for i in ids))
        try:
            metadata: dict[int, Mapping[str, Any]] | None = await metadata_task
        except ProviderError as exc:
            log.warning("shikimori batch failed", ids=len(ids), reason=str(exc))
            metadata = None
        titles: list[TitlePayload] = []
        for shikimori_id, results in zip(ids, searches, strict=True):
            source_id = str(shikimori_id)
            if isinstance(results, ProviderError):
                log.warning("kodik search failed", shikimori_id=shikimori_id, reason=str(results))
                summary.fail(source_id, "kodik_search_failed")
                failed.append(source_id)
                continue
            if metadata is None:
                summary.fail(source_id, "shikimori_unavailable")
                failed.append(source_id)
                continue
            episodes = episodes_from_search(
                results,
                shikimori_id=shikimori_id,
                preference=self._settings.preference,
                player_name=self._settings.player_name,
            )
            if not episodes:
                summary.skip("no_playable_episodes")
                continue
            anime = metadata.get(shikimori_id)
            if anime is None:
                fallback = title_from_kodik(results)
                if fallback is None:
                    summary.skip("no_metadata")
                    continue
                anime = {**fallback, "id": shikimori_id}
                summary.metadata_from_kodik += 1
            payload = title_from_shikimori(anime, site_url=self._settings.shikimori_site_url)
            if payload is None:
                summary.skip("no_title")
                continue
            payload.source_id = source_id
            payload.episodes = episodes
            titles.append(payload)
        return titles, failed

    def _batches(self, titles: Sequence[TitlePayload]) -> list[list[TitlePayload]]:
        batches: list[list[TitlePayload]] = []
        current: list[TitlePayload] = []
        size = 0
        for title in titles:
            title_size = len(json.dumps(title.to_json(), ensure_ascii=False).encode())
            if current and (
                len(current) >= self._settings.batch_size or size + title_size > self._settings.max_batch_bytes
            ):
                batches.append(current)
                current, size = [], 0
            current.append(title)
            size += title_size
        if current:
            batches.append(current)
        return batches

    def _record(self, title: TitlePayload, result: ImportResult | None, summary: RunSummary) -> bool:
        if result is None:
            summary.fail(title.source_id, "backend_no_result")
            return False
        field_name = _STATUS_FIELD.get(result.status)
        if field_name is None:
            log.warning("title import failed", source_id=title.source_id, reason=result.error)
            summary.fail(title.source_id, "backend_rejected_title")
            return False
        setattr(summary, field_name, getattr(summary, field_name) + 1)
        for key, value in result.episodes.items():
            summary.episodes[key] += value
        for key, value in result.videos.items():
            summary.videos[key] += value
        return True

    async def post(self, titles: Sequence[TitlePayload], summary: RunSummary) -> list[str]:
        """Post payloads in batches; returns the source ids that failed."""
        failed: list[str] = []
        for batch in self._batches(titles):
            if self.backend_down:
                for title in batch:
                    summary.fail(title.source_id, "backend_unavailable")
                    failed.append(title.source_id)
                continue
            try:
                results = await self._backend.import_titles(self._settings.source_name, batch)
            except BackendRejectedError:
                log.error("write-api rejected a whole batch; retrying title by title", titles=len(batch))
                failed.extend(await self._post_one_by_one(batch, summary))
                continue
            except BackendUnavailableError as exc:
                self._backend_failures_in_a_row += 1
                if isinstance(exc, BackendAuthError):  # configuration error: no point going on
                    self._backend_failures_in_a_row = self._settings.max_consecutive_backend_failures
                log.error("write-api unavailable", titles=len(batch), reason=str(exc))
                for title in batch:
                    summary.fail(title.source_id, "backend_unavailable")
                    failed.append(title.source_id)
                continue
            self._backend_failures_in_a_row = 0
            by_id = {r.source_id: r for r in results}
            for title in batch:
                if not self._record(title, by_id.get(title.source_id), summary):
                    failed.append(title.source_id)
        return failed

    async def _post_one_by_one(self, batch: Sequence[TitlePayload], summary: RunSummary) -> list[str]:
        failed: list[str] = []
        for title in batch:
            try:
                results = await self._backend.import_titles(self._settings.source_name, [title])
            except BackendRejectedError:
                summary.fail(title.source_id, "backend_rejected_payload")
                failed.append(title.source_id)
                continue
            except BackendUnavailableError:
                summary.fail(title.source_id, "backend_unavailable")
                failed.append(title.source_id)
                continue
            if not self._record(title, next(iter(results), None), summary):
                failed.append(title.source_id)
        return failed

    async def import_ids(self, ids: Sequence[int], summary: RunSummary, *, dry_run: bool) -> list[str]:
        titles, failed = await self.build(ids, summary)
        if dry_run:
            for title in titles:
                summary.would_import += 1
                summary.dry_run_titles.append(
                    {
                        "source_id": title.source_id,
                        "title": title.title,
                        "episodes": len(title.episodes),
                        "videos": title.video_count,
                    }
                )
            return failed
        return failed + await self.post(titles, summary)
