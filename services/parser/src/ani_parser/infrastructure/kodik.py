"""Kodik API client: ``/list`` through the ``next_page`` cursor, ``/search`` by Shikimori id with episode data.

An ``{"error": ...}`` body is an error, never "end of catalog"; a cursor seen twice is a loop and an error.
The token is sent as a query parameter (Kodik's only option) and redacted from every log line and message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx

from ani_parser.application.errors import ProviderError
from ani_parser.application.ports import ListPage
from ani_parser.infrastructure.http import HttpRequester, RetriesExhaustedError

__all__ = ["KodikClient"]

_MAX_SEARCH_PAGES = 20


def _validate_listing(data: Any) -> None:
    if not isinstance(data, dict):
        raise ValueError("not an object")
    if "error" in data:
        return  # an error body: reported by the caller, not retried
    if not isinstance(data.get("results"), list):
        raise ValueError("no results list")


def _cursor(next_page: object) -> str | None:
    if next_page is None or next_page == "":
        return None
    if not isinstance(next_page, str):
        raise ProviderError("kodik next_page is not a URL")
    cursor: str | None = httpx.URL(next_page).params.get("next")
    if not cursor:
        raise ProviderError("kodik next_page carries no cursor")
    return cursor


class KodikClient:
    def __init__(
        self,
        http: HttpRequester,
        *,
        base_url: str,
        token: str,
        types: str = "anime-serial,anime",
        page_size: int = 100,
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._token = token
        self._types = types
        self._page_size = min(max(page_size, 1), 100)

    async def _get(self, path: str, params: Mapping[str, str | int]) -> dict[str, Any]:
        try:
            reply = await self._http.send(
                "GET", f"{self._base}{path}", params={"token": self._token, **params}, validate=_validate_listing
            )
        except RetriesExhaustedError as exc:
            raise ProviderError(f"kodik {path}: {exc}") from None
        data = reply.data
        if isinstance(data, dict) and "error" in data:
            message = str(data.get("error"))[:200].replace(self._token, "[redacted]") if self._token else ""
            raise ProviderError(f"kodik {path} answered an error (HTTP {reply.status}): {message}")
        if reply.status != 200 or not isinstance(data, dict):
            raise ProviderError(f"kodik {path} answered HTTP {reply.status}")
        return data

    async def list_pages(self, *, max_pages: int | None) -> AsyncIterator[ListPage]:
        params: dict[str, str | int] = {
            "types": self._types,
            "limit": self._page_size,
            "sort": "updated_at",
            "order": "desc",
            "with_material_data": "true",
        }
        seen: set[str] = set()
        pages = 0
        while True:
            data = await self._get("/list", params)
            cursor = _cursor(data.get("next_page"))
            pages += 1
            yield ListPage(items=data["results"], has_next=cursor is not None)
            if cursor is None or (max_pages is not None and pages >= max_pages):
                return
            if cursor in seen:
                raise ProviderError("kodik /list cursor loop: a next_page cursor came back twice")
            seen.add(cursor)
            params = {**params, "next": cursor}

    async def search(self, shikimori_id: int) -> list[Mapping[str, Any]]:
        params: dict[str, str | int] = {
            "shikimori_id": shikimori_id,
            "with_episodes_data": "true",
            "with_material_data": "true",
            "limit": 100,
        }
        results: list[Mapping[str, Any]] = []
        seen: set[str] = set()
        for _ in range(_MAX_SEARCH_PAGES):
            data = await self._get("/search", params)
            results.extend(r for r in data["results"] if isinstance(r, Mapping))
            cursor = _cursor(data.get("next_page"))
            if cursor is None:
                return results
            if cursor in seen:
                raise ProviderError("kodik /search cursor loop")
            seen.add(cursor)
            params = {**params, "next": cursor}
        raise ProviderError(f"kodik /search for {shikimori_id} has more than {_MAX_SEARCH_PAGES} pages")
