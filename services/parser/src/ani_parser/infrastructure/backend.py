"""write-api's batch import endpoint: ``POST /api/v1/internal/import/titles`` with ``X-Internal-Token``.

Imports are idempotent upserts on natural keys, so a retried POST is safe."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ani_parser.application.errors import BackendAuthError, BackendRejectedError, BackendUnavailableError
from ani_parser.application.ports import ImportResult
from ani_parser.domain.models import TitlePayload
from ani_parser.infrastructure.http import HttpRequester, RetriesExhaustedError

__all__ = ["IMPORT_PATH", "BackendClient"]

IMPORT_PATH = "/api/v1/internal/import/titles"


def _validate(data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ValueError("no results list")


def _counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)}


class BackendClient:
    def __init__(self, http: HttpRequester, *, base_url: str, token: str) -> None:
        self._http = http
        self._url = base_url.rstrip("/") + IMPORT_PATH
        self._token = token

    async def import_titles(self, source_name: str, titles: Sequence[TitlePayload]) -> list[ImportResult]:
        body = {"source_name": source_name, "titles": [t.to_json() for t in titles]}
        try:
            reply = await self._http.send(
                "POST", self._url, json_body=body, headers={"X-Internal-Token": self._token}, validate=_validate
            )
        except RetriesExhaustedError as exc:
            raise BackendUnavailableError(str(exc)) from None
        if reply.status == 422:
            raise BackendRejectedError("write-api rejected the batch (422)")
        if reply.status in (401, 403):
            raise BackendAuthError(f"write-api refused the internal token (HTTP {reply.status})")
        if reply.status != 200:
            raise BackendUnavailableError(f"write-api answered HTTP {reply.status}")
        results: list[ImportResult] = []
        for raw in reply.data["results"]:
            if not isinstance(raw, dict) or not isinstance(raw.get("source_id"), str):
                continue
            error = raw.get("error")
            results.append(
                ImportResult(
                    source_id=raw["source_id"],
                    status=str(raw.get("status")),
                    error=error if isinstance(error, str) else None,
                    episodes=_counts(raw.get("episodes")),
                    videos=_counts(raw.get("videos")),
                )
            )
        return results
