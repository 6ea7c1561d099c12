"""Redis key builders for every read model. The one place key formats are spelled.

The replaced system's keys are kept (docs/contract.md appendix B: ``anime:detail:<slug>``,
``user:<id>:library:<provider>``, ``user:<id>:progress:<provider>``, ``user:<id>:history:last:<provider>``). Its single
catalog string ``anime:catalog:all`` is replaced by the indexed layout below (docs/architecture.md, "Read models"): a
page costs O(log N + page size).

Keyed models (detail and user models) are Redis **hashes** with the fields ``json`` (the payload bytes), ``etag``
(quoted strong ETag of those bytes) and ``stamp`` (optional monotonic version used to refuse stale writes).
A hash with no ``json`` field is a tombstone: it answers 404 but remembers the stamp of the deletion.
"""

from __future__ import annotations

import re

__all__ = [
    "CATALOG_GENRES",
    "CATALOG_ITEMS",
    "CATALOG_META",
    "CATALOG_PREFIX",
    "CATALOG_REBUILDING",
    "CATALOG_REBUILT",
    "CATALOG_TEXT",
    "CATALOG_VERSION",
    "DEFAULT_PROVIDER",
    "FIELD_ETAG",
    "FIELD_JSON",
    "FIELD_STAMP",
    "PROVIDER_PATTERN",
    "PROVIDER_REGEX",
    "anime_detail",
    "catalog_filter_index",
    "catalog_gram",
    "catalog_query_cache",
    "catalog_sort_index",
    "user_history_last",
    "user_library",
    "user_progress",
    "user_recent",
    "user_title",
    "valid_provider",
]

FIELD_JSON = "json"
FIELD_ETAG = "etag"
FIELD_STAMP = "stamp"

#: The data namespace of a viewer's library, progress and history (docs/contract.md): the one place its rule and
#: default are spelled. ``PROVIDER_REGEX`` is the text for OpenAPI ``pattern``s and error messages.
PROVIDER_REGEX = r"^[a-z0-9_-]{1,32}$"
PROVIDER_PATTERN = re.compile(PROVIDER_REGEX)
#: The namespace our site uses and every route defaults to.
DEFAULT_PROVIDER = "rpc"

CATALOG_PREFIX = "anime:catalog"
#: INCR on every catalog change. Its existence means "the catalog can be served" (absent → 404); its value is the
#: catalog's ETag for any URL. The first catalog item written creates it, so it does not mean that the catalog is
#: complete (see ``CATALOG_REBUILT``).
CATALOG_VERSION = f"{CATALOG_PREFIX}:version"
#: Set when a full rebuild (every read model) completed in this Redis: the server time in µs. Its absence is what the
#: projector's heal loop looks for: Redis lost its data (a restart without persistence, a flush), it is a fresh one,
#: or the last full rebuild stopped midway. Unlike the version above, which the first catalog item written creates,
#: no incremental write sets it. Under ``anime:`` like the other keys of the catalog (a Redis user of the write side may
#: be limited to ``anime:*`` and ``user:*``).
CATALOG_REBUILT = f"{CATALOG_PREFIX}:rebuilt"
#: The token of the full rebuild in progress: a rebuild records completion only if its token is still there, so a
#: data loss while it ran (the token gone with the rest) is not mistaken for a complete rebuild.
CATALOG_REBUILDING = f"{CATALOG_PREFIX}:rebuilding"
#: hash slug → catalog item JSON bytes
CATALOG_ITEMS = f"{CATALOG_PREFIX}:items"
#: hash slug → JSON bookkeeping of the item's index memberships (what to remove on the next upsert)
CATALOG_META = f"{CATALOG_PREFIX}:meta"
#: hash slug → JSON ``[member, [lower-cased title, alternative titles…]]`` (verifies ``q`` candidates)
CATALOG_TEXT = f"{CATALOG_PREFIX}:text"
#: hash genre as an item spells it → number of catalog items counted under that spelling (the genre facet; see
#: :func:`ani_common.readmodels.catalog.genre_facet`). A count that reaches 0 is deleted.
CATALOG_GENRES = f"{CATALOG_PREFIX}:genres"


def valid_provider(provider: str) -> bool:
    return PROVIDER_PATTERN.fullmatch(provider) is not None


def anime_detail(slug: str) -> str:
    return f"anime:detail:{slug}"


def user_library(user_id: int, provider: str) -> str:
    return f"user:{int(user_id)}:library:{provider}"


def user_progress(user_id: int, provider: str) -> str:
    """Legacy layout (the whole progress array, rewritten on every progress change). No longer written: the progress
    read is assembled from the title models; a rebuild deletes what earlier versions left."""
    return f"user:{int(user_id)}:progress:{provider}"


def user_title(user_id: int, provider: str, title_id: str) -> str:
    """Keyed model: one viewer's state of one title (library row, chosen translation, progress rows)."""
    return f"user:{int(user_id)}:title:{provider}:{title_id}"


def user_recent(user_id: int, provider: str) -> str:
    """ZSET title id → µs of the title's newest progress ``updated_at`` (titles with progress only); written by the
    same script as the title's model."""
    return f"user:{int(user_id)}:recent:{provider}"


def user_history_last(user_id: int, provider: str) -> str:
    return f"user:{int(user_id)}:history:last:{provider}"


def catalog_sort_index(sort: str) -> str:
    """ZSET of every catalog item in one sort order (members: see :func:`ani_common.readmodels.catalog.member`)."""
    return f"{CATALOG_PREFIX}:sort:{sort}"


def catalog_filter_index(sort: str, field: str, value: str) -> str:
    """ZSET of the items with ``field == value`` in one sort order (field ∈ status, year, genre)."""
    return f"{CATALOG_PREFIX}:sort:{sort}:{field}:{value}"


def catalog_gram(gram: str) -> str:
    """SET of slugs whose lower-cased title or alternative titles contain the trigram ``gram``."""
    return f"{CATALOG_PREFIX}:gram:{gram}"


def catalog_query_cache(version: int, digest: str) -> str:
    """Short-lived ZSET: the result of a compound query (several filters and/or ``q``) at one catalog version."""
    return f"{CATALOG_PREFIX}:query:{version}:{digest}"
