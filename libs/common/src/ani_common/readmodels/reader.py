"""The reader side of the read-model contract (read-api's hot path).

Costs (N = catalog size, P = page size):

* keyed model (detail, library, progress, history-last): one ``HMGET key json etag`` — O(1).
* catalog with the in-process page cache (read-api): one ``GET`` of the catalog version, then a dict lookup.
* catalog, no filter or one filter: one script call — ``GET version``, ``ZCARD``, ``ZRANGE`` by rank
  (O(log N + P)) and ``HMGET`` of the page's items (O(P)).
* catalog, compound query (two or more filters, or ``q``): the first request at a catalog version computes the
  result into a short-lived ZSET (``ZINTERSTORE``, O(smallest input · inputs); ``q`` of 3+ characters starts from
  the intersection of the query's trigram sets, shorter ``q`` scans the text hash once); later requests at the same
  version page it like a plain index.

* genre facet: one script — ``GET version`` and ``HGETALL`` of the facet counts, O(number of genre spellings) —
  folded and serialised here (:func:`~ani_common.readmodels.catalog.genre_facet`); with the page cache on, the
  rendering is kept per catalog version, so a repeated request costs one ``GET``.

Nothing here parses or re-serialises the item bytes: pages are the stored item bytes joined with commas.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import orjson
from redis.asyncio import Redis

from ani_common.readmodels import keys
from ani_common.readmodels.catalog import CatalogQuery, genre_facet, grams
from ani_common.readmodels.shapes import dumps

__all__ = ["CatalogPage", "CorruptReadModelError", "ReadModelReader", "StoredModel"]

QUERY_CACHE_SECONDS = 60

# KEYS: version, index, items. ARGV: offset, limit. → nil (catalog not projected) | {version, total, item...}
_PAGE = """
local version = redis.call('GET', KEYS[1])
if not version then return false end
local total = redis.call('ZCARD', KEYS[2])
local out = {version, total}
local offset = tonumber(ARGV[1])
if offset >= total then return out end
local members = redis.call('ZRANGE', KEYS[2], offset, offset + tonumber(ARGV[2]) - 1)
if #members == 0 then return out end
local slugs = {}
for i, m in ipairs(members) do
  local at = string.find(m, '\\0', 1, true)
  slugs[i] = string.sub(m, at + 1)
end
local items = redis.call('HMGET', KEYS[3], unpack(slugs))
for _, item in ipairs(items) do
  if item then out[#out + 1] = item end
end
return out
"""

# KEYS: version, genres. → nil (catalog not projected) | {version, spelling, count, spelling, count, ...}
_GENRES = """
local version = redis.call('GET', KEYS[1])
if not version then return false end
local out = redis.call('HGETALL', KEYS[2])
table.insert(out, 1, version)
return out
"""


class CorruptReadModelError(Exception):
    """A stored value does not have the contract's shape (written by something other than the writer)."""


@dataclass(frozen=True, slots=True)
class StoredModel:
    body: bytes
    etag: bytes


@dataclass(frozen=True, slots=True)
class CatalogPage:
    body: bytes
    etag: bytes
    total: int
    version: bytes = b""


class ReadModelReader:
    """``page_cache_size`` > 0 keeps that many rendered catalog pages in process memory, keyed by
    (catalog version, query). The version is bumped atomically with every catalog change, so a cached page is never
    stale: a request then costs one ``GET`` of the version, whatever the catalog size and the page size."""

    def __init__(self, redis: Redis, *, page_cache_size: int = 0, page_cache_bytes: int = 32 * 1024 * 1024) -> None:
        self._redis = redis
        self._page = redis.register_script(_PAGE)
        self._genres = redis.register_script(_GENRES)
        self._genres_cache: StoredModel | None = None
        self._genres_version = b""
        self._page_cache: OrderedDict[tuple[bytes, CatalogQuery], CatalogPage] = OrderedDict()
        self._page_cache_size = page_cache_size
        self._page_cache_bytes = page_cache_bytes
        self._cached_bytes = 0

    @property
    def redis(self) -> Redis:
        return self._redis

    async def get(self, key: str) -> StoredModel | None:
        """A keyed model's bytes and ETag, or ``None`` when it was never projected (or is a tombstone)."""
        body, etag = await self._redis.hmget(key, (keys.FIELD_JSON, keys.FIELD_ETAG))
        if body is None:
            return None
        if not isinstance(body, bytes) or not isinstance(etag, bytes):
            raise CorruptReadModelError(key)  # no ETag (or a client decoding responses): not written by the writer
        return StoredModel(body, etag)

    async def catalog_page(self, query: CatalogQuery) -> CatalogPage | None:
        """One page of the catalog, or ``None`` when the catalog was never projected."""
        if self._page_cache_size <= 0:
            return await self._render_page(query)
        version = await self._redis.get(keys.CATALOG_VERSION)
        if not isinstance(version, bytes):
            return None
        cached = self._page_cache.get((version, query))
        if cached is not None:
            self._page_cache.move_to_end((version, query))
            return cached
        page = await self._render_page(query)
        if page is not None and (page.version, query) not in self._page_cache:
            self._page_cache[(page.version, query)] = page
            self._cached_bytes += len(page.body)
            while self._page_cache and (
                len(self._page_cache) > self._page_cache_size or self._cached_bytes > self._page_cache_bytes
            ):
                _, evicted = self._page_cache.popitem(last=False)
                self._cached_bytes -= len(evicted.body)
        return page

    async def genres(self) -> StoredModel | None:
        """The genre facet (``[{"name", "count"}]`` by name) and its ETag ``"g<catalog version>"``, or ``None`` when
        the catalog was never projected."""
        if self._page_cache_size > 0:
            version = await self._redis.get(keys.CATALOG_VERSION)
            if not isinstance(version, bytes):
                return None
            cached = self._genres_cache
            if cached is not None and version == self._genres_version:
                return cached
        result = await self._genres(keys=[keys.CATALOG_VERSION, keys.CATALOG_GENRES])
        if result is None:
            return None
        version, *flat = result
        if not isinstance(version, bytes) or len(flat) % 2:
            raise CorruptReadModelError(keys.CATALOG_GENRES)
        try:
            counts = {flat[i].decode(): int(flat[i + 1]) for i in range(0, len(flat), 2)}
        except (AttributeError, UnicodeDecodeError, ValueError):
            raise CorruptReadModelError(keys.CATALOG_GENRES) from None
        model = StoredModel(body=dumps(genre_facet(counts)), etag=b'"g' + version + b'"')
        if self._page_cache_size > 0:
            self._genres_cache, self._genres_version = model, version
        return model

    async def _render_page(self, query: CatalogQuery) -> CatalogPage | None:
        if query.is_compound:
            index = await self._compound_index(query)
            if index is None:
                return None
        else:
            index = query.base_index()
        result = await self._page(
            keys=[keys.CATALOG_VERSION, index, keys.CATALOG_ITEMS], args=[query.skip, query.limit]
        )
        if result is None:
            return None
        version, total, *items = result
        for item in items:
            if item[:1] != b"{" or item[-1:] != b"}":
                raise CorruptReadModelError(keys.CATALOG_ITEMS)
        return CatalogPage(
            body=b"[" + b",".join(items) + b"]", etag=b'"c' + version + b'"', total=int(total), version=version
        )

    async def _compound_index(self, query: CatalogQuery) -> str | None:
        raw_version = await self._redis.get(keys.CATALOG_VERSION)
        if raw_version is None:
            return None
        destination = keys.catalog_query_cache(int(raw_version), query.digest())
        marker = destination + ":ready"
        if await self._redis.exists(marker):
            return destination
        sources = query.index_keys()
        candidates_key: str | None = None
        search = query.search
        if search is not None:
            members = await self._search_members(search)
            candidates_key = destination + ":candidates"
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.delete(candidates_key)
                if members:
                    pipe.sadd(candidates_key, *members)
                    pipe.expire(candidates_key, QUERY_CACHE_SECONDS)
                await pipe.execute()
            sources = [*sources, candidates_key]
        weights = [1] + [0] * (len(sources) - 1)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zinterstore(destination, dict(zip(sources, weights, strict=True)), aggregate="SUM")
            pipe.expire(destination, QUERY_CACHE_SECONDS)
            pipe.set(marker, b"1", ex=QUERY_CACHE_SECONDS)
            if candidates_key is not None:
                pipe.delete(candidates_key)
            await pipe.execute()
        return destination

    async def _search_members(self, search: str) -> list[bytes]:
        """Members of the items whose title or an alternative title contains ``search`` (lower-cased)."""
        needle = search
        if len(needle) >= 3:
            gram_keys = [keys.catalog_gram(gram) for gram in sorted(grams(needle))]
            slugs = await self._redis.sinter(gram_keys)
            if not slugs:
                return []
            ordered = sorted(slugs)
            texts = await self._redis.hmget(keys.CATALOG_TEXT, ordered)
            pairs = zip(ordered, texts, strict=True)
            raw = [text for _, text in pairs if text is not None]
        else:
            raw = list((await self._redis.hgetall(keys.CATALOG_TEXT)).values())
        found: list[bytes] = []
        for text in raw:
            member, titles = orjson.loads(text)
            if any(needle in title for title in titles):
                found.append(member.encode())
        return found
