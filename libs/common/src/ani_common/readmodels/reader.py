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

Viewer models joined at read time (docs/contract.md F33 to F35 and F38; the ETag is a hash of the assembled bytes):

* title (``user:<id>:title:<provider>:<title>``): one ``HMGET`` — O(1) in the viewer's history; a title the viewer
  never touched answers an empty model.
* library: the stored rows (one ``HMGET``), then one pipelined ``HMGET`` of their catalog items and ``ZMSCORE`` of
  their last progress times — O(library size), never the viewer's progress history.
* continue watching: ``ZREVRANGE`` of the recent-titles zset in batches of ``limit + 10``, at most
  :data:`CONTINUE_SCAN` titles, each batch one pipeline (title models, catalog items, details) — bounded by
  ``limit``, whatever the viewer's history.
* progress (all of it): every title model of the recent-titles zset — O(the viewer's progress), which is the answer.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from redis.asyncio import Redis

from ani_common.readmodels import keys
from ani_common.readmodels.catalog import CatalogQuery, genre_facet, grams
from ani_common.readmodels.shapes import dumps, etag_of, from_micros

__all__ = ["CONTINUE_SCAN", "CatalogPage", "CorruptReadModelError", "ReadModelReader", "StoredModel"]

QUERY_CACHE_SECONDS = 60
#: the most titles one "continue watching" read looks at (titles left out — completed, dropped, finished — included)
CONTINUE_SCAN = 200
_FINISHED_STATUSES = frozenset({"completed", "dropped"})

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


# A viewer's library joined with the catalog, read in one call (so what is assembled is one consistent moment):
# KEYS: library, catalog version, catalog items, the viewer's recent titles. ARGV: none.
# → {json, etag, version} when the library is missing or not a list of rows with a title_id (the caller decides),
#   else {json, etag, version, items, scores} (an item and a score per row, in row order; nil where absent).
# Chunked: Lua's unpack has a bound well above the per-viewer library cap, but not an unlimited one.
_LIBRARY = """
local lib = redis.call('HMGET', KEYS[1], 'json', 'etag')
local version = redis.call('GET', KEYS[2])
if not lib[1] then return {false, false, version} end
local ok, rows = pcall(cjson.decode, lib[1])
if not ok or type(rows) ~= 'table' then return {lib[1], lib[2], version} end
local titles = {}
for i, row in ipairs(rows) do
  if type(row) ~= 'table' or type(row['title_id']) ~= 'string' then return {lib[1], lib[2], version} end
  titles[i] = row['title_id']
end
local items, scores = {}, {}
for first = 1, #titles, 1000 do
  local last = math.min(first + 999, #titles)
  local part = redis.call('HMGET', KEYS[3], unpack(titles, first, last))
  local marks = redis.call('ZMSCORE', KEYS[4], unpack(titles, first, last))
  for k = 1, last - first + 1 do
    items[first + k - 1] = part[k]
    scores[first + k - 1] = marks[k]
  end
end
return {lib[1], lib[2], version, items, scores}
"""

# Whether a cached joined library is still what _LIBRARY would assemble: KEYS: library, catalog version, recent
# titles; ARGV: the cached rows' titles. → {etag, version, scores}.
_LIBRARY_CHECK = """
local etag = redis.call('HGET', KEYS[1], 'etag')
local version = redis.call('GET', KEYS[2])
local scores = {}
for first = 1, #ARGV, 1000 do
  local last = math.min(first + 999, #ARGV)
  local marks = redis.call('ZMSCORE', KEYS[3], unpack(ARGV, first, last))
  for k = 1, last - first + 1 do scores[first + k - 1] = marks[k] end
end
return {etag, version, scores}
"""


@dataclass(frozen=True, slots=True)
class _JoinedLibrary:
    """A joined library and what it was assembled from: the library's ETag, the catalog version, the titles (in row
    order) and their last-progress scores as Redis returned them. Equal inputs give equal bytes, so when all four
    are unchanged the cached model is what assembling it again would give."""

    etag: bytes | None
    version: bytes | None
    titles: tuple[str, ...]
    scores: tuple[bytes | None, ...]
    model: StoredModel


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

    def __init__(
        self,
        redis: Redis,
        *,
        page_cache_size: int = 0,
        page_cache_bytes: int = 32 * 1024 * 1024,
        library_cache_size: int = 0,
        library_cache_bytes: int = 32 * 1024 * 1024,
    ) -> None:
        self._redis = redis
        self._page = redis.register_script(_PAGE)
        self._genres = redis.register_script(_GENRES)
        self._library = redis.register_script(_LIBRARY)
        self._library_check = redis.register_script(_LIBRARY_CHECK)
        #: (user id, provider) → the last joined library served, newest use last (``library_cache_size`` > 0)
        self._libraries: OrderedDict[tuple[int, str], _JoinedLibrary] = OrderedDict()
        self._library_cache_size = library_cache_size
        self._library_cache_bytes = library_cache_bytes
        self._library_bytes = 0
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

    # ------------------------------------------------------------------ viewer models joined at read time
    async def title(self, user_id: int, provider: str, title_id: str) -> StoredModel:
        """The viewer's model of one title; an empty one when the viewer never touched it (or it was removed)."""
        stored = await self.get(keys.user_title(user_id, provider, title_id))
        if stored is not None:
            return stored
        return _assembled(
            {"title_id": title_id, "provider": provider, "library": None, "translation_id": None, "progress": []}
        )

    async def library(self, user_id: int, provider: str) -> StoredModel | None:
        """The stored library rows with each title's catalog summary, last progress time and "new episodes" flag
        joined now; ``None`` when the library was never projected.

        With ``library_cache_size`` > 0 the joined bytes of recent viewers are kept in process memory with what they
        were assembled from (the library's ETag, the catalog version, the titles' last-progress scores); a request
        first asks Redis, in one call, whether those are unchanged, and then serves the kept bytes as they are."""
        key = keys.user_library(user_id, provider)
        recent = keys.user_recent(user_id, provider)
        cache_key = (user_id, provider)
        cached = self._libraries.get(cache_key)
        if cached is not None:
            etag, version, scores = await self._library_check(
                keys=[key, keys.CATALOG_VERSION, recent], args=list(cached.titles)
            )
            if etag == cached.etag and version == cached.version and tuple(scores) == cached.scores:
                self._libraries.move_to_end(cache_key)
                return cached.model
            self._forget_library(cache_key)
        reply = await self._library(keys=[key, keys.CATALOG_VERSION, keys.CATALOG_ITEMS, recent])
        body, etag, version = reply[0], reply[1], reply[2]
        if body is None:
            return None
        if not isinstance(body, bytes) or not isinstance(etag, bytes):
            raise CorruptReadModelError(key)
        entries = _json_list(body, key)
        if len(reply) < 5:  # rows the script could not read titles from
            raise CorruptReadModelError(key)
        items, scores = reply[3], reply[4]
        if not entries:
            model = StoredModel(body=body, etag=etag)
        else:
            titles = [entry["title_id"] for entry in entries]
            if len(items) != len(titles) or len(scores) != len(titles):
                raise CorruptReadModelError(key)
            model = _assembled(
                [
                    _library_row(entry, provider, item, score)
                    for entry, item, score in zip(entries, items, scores, strict=True)
                ]
            )
        if self._library_cache_size > 0 and len(model.body) <= self._library_cache_bytes:
            self._libraries[cache_key] = _JoinedLibrary(
                etag=etag,
                version=version,
                titles=tuple(str(entry["title_id"]) for entry in entries),
                scores=tuple(scores),
                model=model,
            )
            self._library_bytes += len(model.body)
            while len(self._libraries) > self._library_cache_size or self._library_bytes > self._library_cache_bytes:
                _, oldest = self._libraries.popitem(last=False)
                self._library_bytes -= len(oldest.model.body)
        return model

    def _forget_library(self, cache_key: tuple[int, str]) -> None:
        gone = self._libraries.pop(cache_key, None)
        if gone is not None:
            self._library_bytes -= len(gone.model.body)

    async def progress(self, user_id: int, provider: str) -> StoredModel | None:
        """Every progress row of the viewer, ``updated_at`` DESC, from the title models; ``None`` when nothing of the
        viewer was ever projected."""
        titles = await self._redis.zrange(keys.user_recent(user_id, provider), 0, -1)
        if not titles:
            legacy = await self.get(keys.user_progress(user_id, provider))
            if legacy is not None:  # written by an earlier version, until the rebuild after the upgrade
                return _legacy_progress(legacy)
            if await self._redis.hexists(keys.user_library(user_id, provider), keys.FIELD_JSON):
                return _assembled([])
            return None
        models = await self._title_models(user_id, provider, [_text(title) for title in titles])
        rows: list[dict[str, Any]] = []
        for model in models:
            if model is not None:
                rows.extend(model.get("progress") or ())
        for row in rows:
            row.pop("episode", None)
        rows.sort(key=lambda row: _instant(row.get("updated_at")), reverse=True)
        return _assembled(rows)

    async def continue_watching(self, user_id: int, provider: str, limit: int) -> StoredModel:
        """Titles to resume, newest progress first (see :data:`CONTINUE_SCAN` for the bound)."""
        out: list[dict[str, Any]] = []
        batch = limit + 10
        start = 0
        recent = keys.user_recent(user_id, provider)
        while len(out) < limit and start < CONTINUE_SCAN:
            members = await self._redis.zrevrange(recent, start, start + min(batch, CONTINUE_SCAN - start) - 1)
            if not members:
                break
            start += len(members)
            titles = [_text(member) for member in members]
            async with self._redis.pipeline(transaction=False) as pipe:
                for title in titles:
                    pipe.hget(keys.user_title(user_id, provider, title), keys.FIELD_JSON)
                    pipe.hget(keys.anime_detail(title), keys.FIELD_JSON)
                pipe.hmget(keys.CATALOG_ITEMS, titles)
                results = await pipe.execute()
            items = results[-1]
            for index, title in enumerate(titles):
                entry = _continue_item(title, results[2 * index], results[2 * index + 1], items[index])
                if entry is not None:
                    out.append(entry)
                    if len(out) >= limit:
                        break
        return _assembled(out)

    async def _title_models(self, user_id: int, provider: str, titles: Sequence[str]) -> list[dict[str, Any] | None]:
        async with self._redis.pipeline(transaction=False) as pipe:
            for title in titles:
                pipe.hget(keys.user_title(user_id, provider, title), keys.FIELD_JSON)
            bodies = await pipe.execute()
        return [_json_object(body) if body is not None else None for body in bodies]

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


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _legacy_progress(model: StoredModel) -> StoredModel:
    """Progress in the layout of an earlier version, with the two fields its rows lack: no translation is known, and
    ``watched`` stays false until the rebuild after the upgrade recomputes it from PostgreSQL."""
    try:
        rows = orjson.loads(model.body)
    except orjson.JSONDecodeError:
        raise CorruptReadModelError("user progress model") from None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise CorruptReadModelError("user progress model")
    for row in rows:
        row.setdefault("translation_id", None)
        row.setdefault("watched", False)
    return _assembled(rows)


def _assembled(value: Any) -> StoredModel:
    body = orjson.dumps(value)
    return StoredModel(body=body, etag=etag_of(body).encode())


def _json_object(body: Any) -> dict[str, Any]:
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise CorruptReadModelError("user title model") from None
    if not isinstance(value, dict):
        raise CorruptReadModelError("user title model")
    return value


def _json_list(body: bytes, key: str) -> list[dict[str, Any]]:
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise CorruptReadModelError(key) from None
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise CorruptReadModelError(key)
    return value


def _instant(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise CorruptReadModelError("user title model")


def _library_row(entry: dict[str, Any], provider: str, item: Any, score: Any) -> dict[str, Any]:
    anime = _anime(item)
    last = None if score is None else from_micros(int(float(score)))
    return {
        "title_id": entry["title_id"],
        "provider": entry.get("provider", provider),
        "status": entry.get("status"),
        "is_favorite": entry.get("is_favorite"),
        "score": entry.get("score"),
        "episodes_watched": entry.get("episodes_watched", 0),
        "updated_at": entry.get("updated_at"),
        "anime": anime,
        "last_watched_at": last,
        "has_new_episodes": _has_new(anime, last, entry.get("episodes_watched")),
    }


def _anime(item: Any) -> dict[str, Any] | None:
    """A catalog item's summary for the viewer models: slug, title, poster, episodes_total, latest_episode_at."""
    if item is None:
        return None
    value = _json_object(item)
    return {
        "slug": value.get("slug"),
        "title": value.get("title"),
        "poster": value.get("poster"),
        "episodes_total": value.get("episodes_total"),
        "latest_episode_at": value.get("latest_episode_at"),
    }


def _has_new(anime: dict[str, Any] | None, last: datetime | None, episodes_watched: Any) -> bool:
    if anime is None or last is None or not isinstance(episodes_watched, int):
        return False
    latest, total = anime.get("latest_episode_at"), anime.get("episodes_total")
    if not isinstance(latest, str) or not isinstance(total, int):
        return False
    return _instant(latest) > last and total > episodes_watched


def _continue_item(title: str, model_body: Any, detail_body: Any, item: Any) -> dict[str, Any] | None:
    """One "continue watching" entry, or ``None`` when the title is left out (no progress any more, completed or
    dropped, or its last episode is watched and there is no next one)."""
    if model_body is None:
        return None
    model = _json_object(model_body)
    progress = model.get("progress") or []
    if not progress:
        return None
    library = model.get("library")
    if isinstance(library, dict) and library.get("status") in _FINISHED_STATUSES:
        return None
    last = progress[0]
    episode_id = last.get("episode_id")
    episode_ref = last.get("episode") if isinstance(last.get("episode"), dict) else {}
    number, season = episode_ref.get("number"), episode_ref.get("season")
    following: dict[str, Any] | None = None
    if detail_body is not None and item is not None:
        episodes = _json_object(detail_body).get("episodes") or []
        for index, episode in enumerate(episodes):
            if episode.get("id") == episode_id:
                number, season = episode.get("number"), episode.get("season")
                if index + 1 < len(episodes):
                    upcoming = episodes[index + 1]
                    following = {
                        "id": upcoming.get("id"),
                        "number": upcoming.get("number"),
                        "season": upcoming.get("season"),
                    }
                break
    watched = bool(last.get("watched"))
    if watched and following is None:
        return None
    return {
        "title_id": title,
        "provider": model.get("provider"),
        "updated_at": last.get("updated_at"),
        "translation_id": model.get("translation_id"),
        "anime": _anime(item),
        "episode": {
            "id": episode_id,
            "number": number,
            "season": season,
            "position_seconds": last.get("position_seconds"),
            "duration_seconds": last.get("duration_seconds"),
            "watched": watched,
        },
        "next": following,
    }
