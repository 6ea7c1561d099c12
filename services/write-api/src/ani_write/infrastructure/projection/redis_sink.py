"""The Redis side of projection: :class:`ani_common.readmodels.writer.ReadModelWriter` calls, many in flight.

Each model is one writer call (one Lua script per key family: atomic, stamped). A batch issues them concurrently
over the client's pool (bounded), so a batch of N models costs about N / concurrency round trips.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial

from redis.asyncio import Redis

from ani_common.readmodels import keys
from ani_common.readmodels.writer import ReadModelWriter
from ani_write.application.projection.ports import ComputedModels, UserScope, WriteOutcome

__all__ = ["RedisReadModelSink"]

_DETAIL_PREFIX = keys.anime_detail("")


class RedisReadModelSink:
    def __init__(self, redis: Redis, *, concurrency: int = 16) -> None:
        self._redis = redis
        self._writer = ReadModelWriter(redis)
        self._limit = asyncio.Semaphore(concurrency)

    async def write(self, models: ComputedModels, stamp: int) -> WriteOutcome:
        writer = self._writer
        calls: list[Callable[[], Awaitable[bool]]] = []
        for item, detail in models.anime:
            calls.append(partial(writer.put_anime, item, detail, stamp=stamp))
        for slug in models.deleted_slugs:
            calls.append(partial(writer.delete_anime, slug, stamp=stamp))
        for scope, library in models.libraries.items():
            calls.append(partial(writer.put_library, scope.user_id, scope.provider, library, stamp=stamp))
        for title, model in models.titles.items():
            calls.append(partial(writer.put_title, title.user_id, model, stamp=stamp))
        for scope, last in models.history_last.items():
            calls.append(partial(writer.put_history_last, scope.user_id, scope.provider, last, stamp=stamp))

        async def legacy(scope: UserScope) -> bool:
            await writer.delete_legacy_progress(scope.user_id, scope.provider)
            return True

        for scope in models.legacy_progress:
            calls.append(partial(legacy, scope))

        async def run(call: Callable[[], Awaitable[bool]]) -> bool:
            async with self._limit:
                return await call()

        # A TaskGroup: if one write fails, the others are cancelled and the batch fails as a whole (rows stay pending).
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(run(call)) for call in calls]
        stale = sum(1 for task in tasks if not task.result())
        return WriteOutcome(written=len(tasks) - stale - len(models.legacy_progress), stale=stale)

    async def ensure_catalog(self) -> None:
        await self._writer.ensure_catalog()

    async def recent_titles(self, scope: UserScope) -> set[str]:
        return set(await self._writer.recent_titles(scope.user_id, scope.provider))

    async def begin_full_rebuild(self) -> str:
        return await self._writer.begin_full_rebuild()

    async def finish_full_rebuild(self, token: str) -> bool:
        return await self._writer.finish_full_rebuild(token)

    async def full_rebuild_recorded(self) -> bool:
        return await self._writer.full_rebuild_recorded()

    async def projected_anime_slugs(self) -> set[str]:
        found = {_text(slug) for slug in await self._redis.hkeys(keys.CATALOG_ITEMS)}
        async for key in self._redis.scan_iter(match=_DETAIL_PREFIX + "*", count=1000):
            found.add(_text(key)[len(_DETAIL_PREFIX) :])
        return found


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
