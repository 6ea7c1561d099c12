"""The writer side of the read-model contract: what the projector and the rebuild command call.

Atomicity: every method is one Lua script per key family (a catalog item's item/meta/indexes/genre counts/version,
or one keyed model), so a reader never sees half of a change. Batches (``put_catalog``) are pipelined, several items
per round trip.

Stale writes: every ``put_*``/``delete_*`` takes an optional ``stamp`` (an int that grows with the source data, e.g.
``updated_at`` in µs or the outbox id). A write whose stamp is lower than the stored one is refused (returns
``False``), so two projector replicas — or a rebuild racing the projector — can never leave an older model in
place of a newer one. Deletions keep the stamp in a tombstone for the same reason. Without a stamp, last write wins.

Full rebuilds: ``begin_full_rebuild`` / ``finish_full_rebuild`` record in Redis that every model was written
(``keys.CATALOG_REBUILT``), and only if nothing was lost meanwhile; ``full_rebuild_recorded`` is the projector's
"does Redis need a rebuild" check.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence

from redis.asyncio import Redis

from ani_common.readmodels import keys
from ani_common.readmodels.catalog import plan_item
from ani_common.readmodels.shapes import (
    AnimeDetail,
    CatalogItem,
    HistoryLast,
    LibraryEntry,
    ProgressEntry,
    TitleModel,
    dumps,
    etag_of,
    micros,
)

__all__ = ["ReadModelWriter"]

# KEYS: items, meta, version, text, genres. ARGV: slug, item json, meta json, stamp ('' = none), text json.
_BUMP = """
-- The catalog version starts from the server clock (µs) when it is created, so that after a Redis restart or a
-- flush a rebuilt catalog never reuses a version number that a reader may have cached.
local function bump(key)
  if redis.call('EXISTS', key) == 0 then
    local now = redis.call('TIME')
    redis.call('SET', key, now[1] * 1000000 + now[2])
  end
  redis.call('INCR', key)
end
-- Add ``by`` to the genre facet count of every spelling in ``spellings`` (a meta's ``f``; absent in metas written
-- before the facet existed: those items were never counted). A count that reaches 0 is deleted.
local function facet(key, spellings, by)
  if type(spellings) ~= 'table' then return end
  for _, genre in ipairs(spellings) do
    if redis.call('HINCRBY', key, genre, by) <= 0 then redis.call('HDEL', key, genre) end
  end
end
"""

_UPSERT_ITEM = (
    _BUMP
    + """
local slug = ARGV[1]
local stamp = ARGV[4]
local old = redis.call('HGET', KEYS[2], slug)
if old then
  if old == ARGV[3] and redis.call('HGET', KEYS[1], slug) == ARGV[2] then return 2 end
  local o = cjson.decode(old)
  if stamp ~= '' and type(o.s) == 'string' and tonumber(o.s) > tonumber(stamp) then return 0 end
  if type(o.m) == 'string' then
    for _, z in ipairs(o.z) do redis.call('ZREM', z[1], o.m) end
    facet(KEYS[5], o.f, -1)
  end
  for _, g in ipairs(o.g) do redis.call('SREM', g, slug) end
end
local n = cjson.decode(ARGV[3])
for _, z in ipairs(n.z) do redis.call('ZADD', z[1], z[2], n.m) end
for _, g in ipairs(n.g) do redis.call('SADD', g, slug) end
facet(KEYS[5], n.f, 1)
redis.call('HSET', KEYS[1], slug, ARGV[2])
redis.call('HSET', KEYS[2], slug, ARGV[3])
redis.call('HSET', KEYS[4], slug, ARGV[5])
bump(KEYS[3])
return 1
"""
)

# KEYS: items, meta, version, text, genres. ARGV: slug, stamp ('' = none).
_REMOVE_ITEM = (
    _BUMP
    + """
local slug = ARGV[1]
local stamp = ARGV[2]
local old = redis.call('HGET', KEYS[2], slug)
local live = false
if old then
  local o = cjson.decode(old)
  if stamp ~= '' and type(o.s) == 'string' and tonumber(o.s) > tonumber(stamp) then return 0 end
  if type(o.m) == 'string' then
    live = true
    for _, z in ipairs(o.z) do redis.call('ZREM', z[1], o.m) end
    facet(KEYS[5], o.f, -1)
  end
  for _, g in ipairs(o.g) do redis.call('SREM', g, slug) end
end
redis.call('HDEL', KEYS[1], slug)
redis.call('HDEL', KEYS[4], slug)
if stamp ~= '' then
  redis.call('HSET', KEYS[2], slug, cjson.encode({m = false, z = {}, g = {}, s = stamp}))
else
  redis.call('HDEL', KEYS[2], slug)
end
if live then bump(KEYS[3]) end
return 1
"""
)

# KEYS: model key. ARGV: json, etag, stamp ('' = none).
_PUT_MODEL = """
local stamp = ARGV[3]
if stamp ~= '' then
  local current = redis.call('HGET', KEYS[1], 'stamp')
  if current and current ~= '' and tonumber(current) > tonumber(stamp) then return 0 end
end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'etag', ARGV[2], 'stamp', stamp)
return 1
"""

# KEYS: model key. ARGV: stamp ('' = none). With a stamp the deletion leaves a tombstone (no json → 404).
_DELETE_MODEL = """
local stamp = ARGV[1]
if stamp == '' then
  redis.call('DEL', KEYS[1])
  return 1
end
local current = redis.call('HGET', KEYS[1], 'stamp')
if current and current ~= '' and tonumber(current) > tonumber(stamp) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'stamp', stamp)
return 1
"""

# KEYS: title model key, the user's recent-titles zset. ARGV: json ('' = no data: delete), etag, stamp ('' = none),
# title id, score (µs of the newest progress, '' = no progress).
_PUT_TITLE = """
local stamp = ARGV[3]
if stamp ~= '' then
  local current = redis.call('HGET', KEYS[1], 'stamp')
  if current and current ~= '' and tonumber(current) > tonumber(stamp) then return 0 end
end
if ARGV[1] == '' then
  redis.call('DEL', KEYS[1])
  if stamp ~= '' then redis.call('HSET', KEYS[1], 'stamp', stamp) end
else
  redis.call('HSET', KEYS[1], 'json', ARGV[1], 'etag', ARGV[2], 'stamp', stamp)
end
if ARGV[5] == '' then
  redis.call('ZREM', KEYS[2], ARGV[4])
else
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
end
return 1
"""

# KEYS: rebuilding token, rebuilt marker. ARGV: the rebuild's token.
_FINISH_REBUILD = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local now = redis.call('TIME')
redis.call('SET', KEYS[2], now[1] * 1000000 + now[2])
redis.call('DEL', KEYS[1])
return 1
"""

_CATALOG_KEYS = [keys.CATALOG_ITEMS, keys.CATALOG_META, keys.CATALOG_VERSION, keys.CATALOG_TEXT, keys.CATALOG_GENRES]


def _stamp(stamp: int | None) -> str:
    return "" if stamp is None else str(int(stamp))


class ReadModelWriter:
    """Write read models to Redis. One instance per process; safe for concurrent use."""

    def __init__(self, redis: Redis, *, batch_size: int = 500) -> None:
        self._redis = redis
        self._batch_size = batch_size
        self._upsert_item = redis.register_script(_UPSERT_ITEM)
        self._remove_item = redis.register_script(_REMOVE_ITEM)
        self._put_model = redis.register_script(_PUT_MODEL)
        self._delete_model = redis.register_script(_DELETE_MODEL)
        self._put_title = redis.register_script(_PUT_TITLE)
        self._finish_rebuild = redis.register_script(_FINISH_REBUILD)

    # ------------------------------------------------------------------ catalog
    async def upsert_catalog_item(self, item: CatalogItem, *, stamp: int | None = None) -> bool:
        """Insert or replace one active anime in the catalog and its indexes (one atomic script)."""
        plan = plan_item(item)
        result = await self._upsert_item(
            keys=_CATALOG_KEYS,
            args=[item.slug, dumps(item), plan.meta_json(stamp), _stamp(stamp), plan.text_json()],
        )
        return int(result) != 0

    async def remove_catalog_item(self, slug: str, *, stamp: int | None = None) -> bool:
        """Remove one anime from the catalog (deleted or deactivated). Idempotent."""
        result = await self._remove_item(keys=_CATALOG_KEYS, args=[slug, _stamp(stamp)])
        return int(result) != 0

    async def ensure_catalog(self) -> None:
        """Mark the catalog as projected (an empty catalog then answers 200 ``[]`` instead of 404)."""
        seconds, micros = await self._redis.time()
        await self._redis.set(keys.CATALOG_VERSION, seconds * 1_000_000 + micros, nx=True)

    # ------------------------------------------------------------------ full rebuilds
    async def begin_full_rebuild(self) -> str:
        """Record that a full rebuild starts; the token to hand to :meth:`finish_full_rebuild`. A rebuild started
        later replaces the token (only the last one started can record completion)."""
        token = secrets.token_hex(16)
        await self._redis.set(keys.CATALOG_REBUILDING, token)
        return token

    async def finish_full_rebuild(self, token: str) -> bool:
        """Record that the full rebuild ``token`` wrote every read model (``keys.CATALOG_REBUILT``). ``False`` when its
        token is gone — Redis lost its data while it ran, so what it wrote first is missing — or was replaced by a
        later rebuild: nothing is recorded."""
        result = await self._finish_rebuild(keys=[keys.CATALOG_REBUILDING, keys.CATALOG_REBUILT], args=[token])
        return int(result) != 0

    async def full_rebuild_recorded(self) -> bool:
        """Whether a full rebuild completed in this Redis since it last lost its data."""
        return bool(await self._redis.exists(keys.CATALOG_REBUILT))

    async def put_catalog(self, items: Iterable[CatalogItem], *, stamps: dict[str, int] | None = None) -> int:
        """Make the catalog exactly ``items``: upsert each (pipelined), remove every other slug.

        Safe while the projector runs: each item changes atomically, readers never see an empty catalog during a
        rebuild, and unchanged items keep their bytes (and the catalog its version if nothing changed).
        Returns the number of items written.
        """
        stamps = stamps or {}
        wanted: set[str] = set()
        batch: list[CatalogItem] = []
        for item in items:
            wanted.add(item.slug)
            batch.append(item)
            if len(batch) >= self._batch_size:
                await self._upsert_batch(batch, stamps)
                batch = []
        if batch:
            await self._upsert_batch(batch, stamps)
        existing = await self._redis.hkeys(keys.CATALOG_ITEMS)
        stale = [slug.decode() if isinstance(slug, bytes) else str(slug) for slug in existing]
        stale = [slug for slug in stale if slug not in wanted]
        for start in range(0, len(stale), self._batch_size):
            async with self._redis.pipeline(transaction=False) as pipe:
                for slug in stale[start : start + self._batch_size]:
                    await self._remove_item(keys=_CATALOG_KEYS, args=[slug, _stamp(stamps.get(slug))], client=pipe)
                await pipe.execute()
        await self.ensure_catalog()
        return len(wanted)

    async def _upsert_batch(self, batch: Sequence[CatalogItem], stamps: dict[str, int]) -> None:
        async with self._redis.pipeline(transaction=False) as pipe:
            for item in batch:
                stamp = stamps.get(item.slug)
                plan = plan_item(item)
                await self._upsert_item(
                    keys=_CATALOG_KEYS,
                    args=[item.slug, dumps(item), plan.meta_json(stamp), _stamp(stamp), plan.text_json()],
                    client=pipe,
                )
            await pipe.execute()

    # ------------------------------------------------------------------ anime detail
    async def put_anime_detail(self, detail: AnimeDetail, *, stamp: int | None = None) -> bool:
        return await self._put(keys.anime_detail(detail.slug), dumps(detail), stamp)

    async def delete_anime_detail(self, slug: str, *, stamp: int | None = None) -> bool:
        result = await self._delete_model(keys=[keys.anime_detail(slug)], args=[_stamp(stamp)])
        return int(result) != 0

    async def put_anime(self, item: CatalogItem, detail: AnimeDetail, *, stamp: int | None = None) -> bool:
        """An active anime changed: its catalog entry and its detail."""
        in_catalog = await self.upsert_catalog_item(item, stamp=stamp)
        in_detail = await self.put_anime_detail(detail, stamp=stamp)
        return in_catalog and in_detail

    async def delete_anime(self, slug: str, *, stamp: int | None = None) -> bool:
        """An anime was deleted or deactivated: gone from the catalog, its detail answers 404."""
        from_catalog = await self.remove_catalog_item(slug, stamp=stamp)
        from_detail = await self.delete_anime_detail(slug, stamp=stamp)
        return from_catalog and from_detail

    # ------------------------------------------------------------------ user models
    async def put_library(
        self, user_id: int, provider: str, entries: Sequence[LibraryEntry], *, stamp: int | None = None
    ) -> bool:
        """The whole library of (user, provider), ordered ``updated_at`` DESC by the caller. ``[]`` is a model."""
        return await self._put(keys.user_library(user_id, _provider(provider)), dumps(list(entries)), stamp)

    async def put_progress(
        self, user_id: int, provider: str, entries: Sequence[ProgressEntry], *, stamp: int | None = None
    ) -> bool:
        return await self._put(keys.user_progress(user_id, _provider(provider)), dumps(list(entries)), stamp)

    async def put_title(self, user_id: int, model: TitleModel, *, stamp: int | None = None) -> bool:
        """One viewer's model of one title and its place in the viewer's recent-titles zset, in one script (the
        stamp covers both). A model without library row and progress deletes the key (a tombstone with a stamp)."""
        provider = _provider(model.provider)
        body = b"" if model.empty else dumps(model)
        last = model.last_progress_at
        result = await self._put_title(
            keys=[keys.user_title(user_id, provider, model.title_id), keys.user_recent(user_id, provider)],
            args=[
                body,
                etag_of(body) if body else "",
                _stamp(stamp),
                model.title_id,
                "" if last is None else str(micros(last)),
            ],
        )
        return int(result) != 0

    async def recent_titles(self, user_id: int, provider: str) -> list[str]:
        """Every title id of the viewer's recent-titles zset (what the projector recomputes with a user's titles)."""
        members = await self._redis.zrange(keys.user_recent(user_id, _provider(provider)), 0, -1)
        return [member.decode() if isinstance(member, bytes) else str(member) for member in members]

    async def delete_legacy_progress(self, user_id: int, provider: str) -> None:
        """Remove the whole-array progress model that earlier versions wrote (``user:<id>:progress:<provider>``)."""
        await self._redis.delete(keys.user_progress(user_id, _provider(provider)))

    async def put_history_last(
        self, user_id: int, provider: str, entry: HistoryLast | None, *, stamp: int | None = None
    ) -> bool:
        """The newest history entry, or ``None`` for "no history" (stored as JSON ``null``, served as 200)."""
        return await self._put(keys.user_history_last(user_id, _provider(provider)), dumps(entry), stamp)

    async def delete_user_models(self, user_id: int, provider: str) -> None:
        """Forget every model of (user, provider) (e.g. account deleted): the reads answer 404 again."""
        provider = _provider(provider)
        await self._redis.delete(
            keys.user_library(user_id, provider),
            keys.user_progress(user_id, provider),
            keys.user_history_last(user_id, provider),
            keys.user_recent(user_id, provider),
        )

    async def _put(self, key: str, body: bytes, stamp: int | None) -> bool:
        result = await self._put_model(keys=[key], args=[body, etag_of(body), _stamp(stamp)])
        return int(result) != 0


def _provider(provider: str) -> str:
    if not keys.valid_provider(provider):
        raise ValueError(f"provider must match {keys.PROVIDER_REGEX}")
    return provider
