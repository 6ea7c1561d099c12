"""Shikimori client: GraphQL ``animes(ids: ...)`` in batches of up to 50, REST ``/api/animes/{id}`` as fallback
(for a failed GraphQL batch, and for ids GraphQL did not return). Base URL is the site root."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from ani_parser.application.errors import ProviderError
from ani_parser.infrastructure.http import HttpRequester, RetriesExhaustedError

__all__ = ["GRAPHQL_FIELDS", "ShikimoriClient"]

GRAPHQL_FIELDS = (
    "id name russian licenseNameRu english japanese synonyms kind status episodes "
    "airedOn { year date } poster { originalUrl mainUrl } genres { name russian kind } description"
)


def _validate_graphql(data: Any) -> None:
    if not isinstance(data, dict) or not ("data" in data or "errors" in data):
        raise ValueError("not a GraphQL response")


def _validate_object(data: Any) -> None:
    if not isinstance(data, dict):
        raise ValueError("not an object")


class ShikimoriClient:
    def __init__(self, http: HttpRequester, *, base_url: str, batch_size: int = 50, use_graphql: bool = True) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._batch_size = min(max(batch_size, 1), 50)
        self._use_graphql = use_graphql

    async def fetch_many(self, ids: Sequence[int]) -> dict[int, Mapping[str, Any]]:
        found: dict[int, Mapping[str, Any]] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), self._batch_size):
            batch = unique[start : start + self._batch_size]
            missing = batch
            if self._use_graphql:
                try:
                    found.update(await self._graphql(batch))
                    missing = [i for i in batch if i not in found]
                except ProviderError:
                    missing = batch
            rest = await asyncio.gather(*(self._rest(i) for i in missing))
            found.update({i: anime for i, anime in zip(missing, rest, strict=True) if anime is not None})
        return found

    async def _graphql(self, ids: Sequence[int]) -> dict[int, Mapping[str, Any]]:
        id_list = ",".join(str(i) for i in ids)
        query = f'{{ animes(ids: "{id_list}", limit: {len(ids)}, censored: false) {{ {GRAPHQL_FIELDS} }} }}'
        try:
            reply = await self._http.send(
                "POST", f"{self._base}/api/graphql", json_body={"query": query}, validate=_validate_graphql
            )
        except RetriesExhaustedError as exc:
            raise ProviderError(f"shikimori graphql: {exc}") from None
        data = reply.data
        if reply.status != 200 or not isinstance(data, dict) or data.get("errors"):
            raise ProviderError(f"shikimori graphql answered HTTP {reply.status} with errors")
        animes = (data.get("data") or {}).get("animes") if isinstance(data.get("data"), dict) else None
        if not isinstance(animes, list):
            raise ProviderError("shikimori graphql: no animes list")
        out: dict[int, Mapping[str, Any]] = {}
        for anime in animes:
            if isinstance(anime, Mapping) and str(anime.get("id", "")).isdigit():
                out[int(str(anime["id"]))] = anime
        return out

    async def _rest(self, shikimori_id: int) -> Mapping[str, Any] | None:
        try:
            reply = await self._http.send("GET", f"{self._base}/api/animes/{shikimori_id}", validate=_validate_object)
        except RetriesExhaustedError as exc:
            raise ProviderError(f"shikimori rest: {exc}") from None
        if reply.status == 404:
            return None
        if reply.status != 200 or not isinstance(reply.data, dict):
            raise ProviderError(f"shikimori /api/animes/{shikimori_id} answered HTTP {reply.status}")
        return reply.data
