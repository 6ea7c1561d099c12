"""The Redis adapter of :class:`~ani_read.application.ports.ReadModelStore` (the shared contract reader)."""

from __future__ import annotations

from collections.abc import Awaitable

import orjson
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ani_common.readmodels.catalog import CatalogQuery
from ani_common.readmodels.reader import CatalogPage, CorruptReadModelError, ReadModelReader, StoredModel
from ani_read.application.errors import ReadModelCorruptError, ReadModelUnavailableError

__all__ = ["RedisReadModelStore"]

_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_VALIDATED_LIMIT = 100_000


class RedisReadModelStore:
    """Keyed models are checked to be JSON once per distinct ETag (the ETag is a hash of the bytes), so the hot
    path stays a set lookup while a value not written by the contract writer still answers 500, not garbage."""

    def __init__(self, redis: Redis, *, page_cache_size: int = 4096, library_cache_size: int = 10_000) -> None:
        self._reader = ReadModelReader(redis, page_cache_size=page_cache_size, library_cache_size=library_cache_size)
        self._validated: set[bytes] = set()

    async def get(self, key: str) -> StoredModel | None:
        try:
            model = await self._reader.get(key)
        except _UNAVAILABLE as exc:
            raise ReadModelUnavailableError(type(exc).__name__) from exc
        except (CorruptReadModelError, ResponseError) as exc:
            raise ReadModelCorruptError(key) from exc
        if model is not None and model.etag not in self._validated:
            try:
                orjson.loads(model.body)
            except orjson.JSONDecodeError as exc:
                raise ReadModelCorruptError(key) from exc
            if len(self._validated) >= _VALIDATED_LIMIT:
                self._validated.clear()
            self._validated.add(model.etag)
        return model

    async def library(self, user_id: int, provider: str) -> StoredModel | None:
        return await self._guard(self._reader.library(user_id, provider), "user library")

    async def progress(self, user_id: int, provider: str) -> StoredModel | None:
        return await self._guard(self._reader.progress(user_id, provider), "user progress")

    async def title(self, user_id: int, provider: str, title_id: str) -> StoredModel:
        model = await self._guard(self._reader.title(user_id, provider, title_id), "user title")
        assert model is not None  # noqa: S101 - the reader always answers a model
        return model

    async def continue_watching(self, user_id: int, provider: str, limit: int) -> StoredModel:
        model = await self._guard(self._reader.continue_watching(user_id, provider, limit), "continue watching")
        assert model is not None  # noqa: S101 - the reader always answers a model
        return model

    async def _guard(self, call: Awaitable[StoredModel | None], what: str) -> StoredModel | None:
        """Map the reader's failures: Redis unreachable → unavailable; a value not written by the writer → corrupt."""
        try:
            return await call
        except _UNAVAILABLE as exc:
            raise ReadModelUnavailableError(type(exc).__name__) from exc
        except (CorruptReadModelError, ResponseError, ValueError, TypeError, AttributeError) as exc:
            raise ReadModelCorruptError(what) from exc

    async def genres(self) -> StoredModel | None:
        try:
            return await self._reader.genres()
        except _UNAVAILABLE as exc:
            raise ReadModelUnavailableError(type(exc).__name__) from exc
        except (CorruptReadModelError, ResponseError) as exc:
            raise ReadModelCorruptError("catalog genres") from exc

    async def catalog_page(self, query: CatalogQuery) -> CatalogPage | None:
        try:
            return await self._reader.catalog_page(query)
        except _UNAVAILABLE as exc:
            raise ReadModelUnavailableError(type(exc).__name__) from exc
        except (CorruptReadModelError, ResponseError, ValueError) as exc:
            raise ReadModelCorruptError("catalog") from exc
