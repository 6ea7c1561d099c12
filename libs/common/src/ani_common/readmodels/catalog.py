"""Catalog index layout and query semantics (pure: no Redis here).

Every catalog item has one **member** string ``<title>\\x00<slug>``; it is the member of every sorted-set index, so
ties in score are broken by title (byte order, i.e. PostgreSQL ``COLLATE "C"``) and then by slug, deterministically.

Sort orders (``sort`` query parameter) and their ZSET scores:

* ``title`` (default): score 0 → pure member order: title ASC, slug ASC.
* ``-year``: score ``-year``; no year → ``+inf`` (NULLS LAST); ties title ASC, slug ASC.
* ``-updated_at``: score ``-(updated_at in µs since the epoch)``; ties title ASC, slug ASC.

Indexes per item, for each sort order ``s``: ``anime:catalog:sort:<s>`` plus one filtered copy per filter value
(``…:<s>:status:<status>``, ``…:<s>:year:<year>``, ``…:<s>:genre:<lower(genre)>``), and the trigram sets of its
lower-cased title and alternative titles (for ``q``).

The **genre facet** (``GET /api/read/genres``, docs/contract.md F30) is one hash, ``anime:catalog:genres``: spelling →
number of items. Each item counts once per case-insensitive genre, under one spelling — the byte-order smallest of
its spellings of that genre (an item with ``("Action", "ACTION")`` counts once, as ``ACTION``). The writer changes
the counts in the same script as the item's indexes, from the spellings remembered in the item's meta (``f``), so
they always equal a recount of the items. :func:`genre_facet` folds the spellings of one genre into one entry.

Filter semantics (the same as ``GET /api/v1/anime``): ``year`` exact (0 = no filter), ``status`` ∈
ongoing|completed|upcoming, ``genre`` case-insensitive exact membership, ``q`` case-insensitive substring of the title
or of any alternative title (empty = no filter), ``skip`` ≥ 0, ``limit`` 1..100.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import orjson

from ani_common.readmodels import keys
from ani_common.readmodels.shapes import ANIME_STATUSES, CatalogItem, GenreCount, utc

__all__ = [
    "MAX_LIMIT",
    "MAX_Q_LENGTH",
    "CatalogQuery",
    "CatalogSort",
    "IndexPlan",
    "InvalidCatalogQueryError",
    "genre_facet",
    "grams",
    "member",
    "plan_item",
    "slug_of_member",
]

MAX_LIMIT = 100
DEFAULT_LIMIT = 50
MAX_Q_LENGTH = 200
GRAM = 3
SEPARATOR = "\x00"


class CatalogSort(StrEnum):
    TITLE = "title"
    YEAR_DESC = "-year"
    UPDATED_DESC = "-updated_at"


class InvalidCatalogQueryError(ValueError):
    """A query parameter is out of its domain. ``field`` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class CatalogQuery:
    skip: int = 0
    limit: int = DEFAULT_LIMIT
    year: int | None = None
    status: str | None = None
    genre: str | None = None
    q: str | None = None
    sort: CatalogSort = CatalogSort.TITLE

    def __post_init__(self) -> None:
        if self.skip < 0:
            raise InvalidCatalogQueryError("skip", "Input should be greater than or equal to 0")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidCatalogQueryError("limit", f"Input should be between 1 and {MAX_LIMIT}")
        if self.status is not None and self.status not in ANIME_STATUSES:
            raise InvalidCatalogQueryError("status", "Input should be 'ongoing', 'completed' or 'upcoming'")
        if self.q is not None and len(self.q) > MAX_Q_LENGTH:
            raise InvalidCatalogQueryError("q", f"String should have at most {MAX_Q_LENGTH} characters")

    @property
    def filters(self) -> list[tuple[str, str]]:
        """The active equality filters as (field, index value)."""
        found: list[tuple[str, str]] = []
        if self.status is not None:
            found.append(("status", self.status))
        if self.year:  # 0 means "no filter", as in the replaced system
            found.append(("year", str(self.year)))
        if self.genre is not None:
            found.append(("genre", self.genre.lower()))
        return found

    @property
    def search(self) -> str | None:
        """The lower-cased ``q``, or ``None`` when there is no text filter."""
        if self.q is None or self.q == "":
            return None
        return self.q.lower()

    @property
    def is_compound(self) -> bool:
        """Needs an intersection (two or more filters, or ``q``); single filters have a ready index."""
        return self.search is not None or len(self.filters) > 1

    def base_index(self) -> str:
        filters = self.filters
        if not filters:
            return keys.catalog_sort_index(self.sort.value)
        field_, value = filters[0]
        return keys.catalog_filter_index(self.sort.value, field_, value)

    def index_keys(self) -> list[str]:
        """Every ZSET whose intersection is the result (first: the one whose scores give the order)."""
        filters = self.filters
        if not filters:
            return [keys.catalog_sort_index(self.sort.value)]
        return [keys.catalog_filter_index(self.sort.value, f, v) for f, v in filters]

    def digest(self) -> str:
        raw = orjson.dumps([self.sort.value, self.filters, self.search])
        return hashlib.blake2b(raw, digest_size=12).hexdigest()


def member(item: CatalogItem) -> str:
    return f"{item.title}{SEPARATOR}{item.slug}"


def slug_of_member(value: str) -> str:
    return value.split(SEPARATOR, 1)[1]


def grams(text: str) -> set[str]:
    lowered = text.lower()
    return {lowered[i : i + GRAM] for i in range(len(lowered) - GRAM + 1)}


def _score(item: CatalogItem, sort: CatalogSort) -> str:
    if sort is CatalogSort.TITLE:
        return "0"
    if sort is CatalogSort.YEAR_DESC:
        return "+inf" if item.year is None else str(-item.year)
    moment = utc(item.last_updated)
    micros = (moment.toordinal() * 86_400 + moment.hour * 3600 + moment.minute * 60 + moment.second) * 1_000_000
    return str(-(micros + moment.microsecond))


@dataclass(frozen=True, slots=True)
class IndexPlan:
    """Everything the writer stores for one item, precomputed in Python (the Lua script only applies it)."""

    slug: str
    member: str
    zsets: list[tuple[str, str]] = field(default_factory=list)
    gram_sets: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    #: the spellings this item adds to the genre facet, one per case-insensitive genre
    facet_genres: list[str] = field(default_factory=list)

    def meta_json(self, stamp: int | None) -> bytes:
        body: dict[str, Any] = {
            "m": self.member,
            "z": [list(pair) for pair in self.zsets],
            "g": self.gram_sets,
            "f": self.facet_genres,
            "s": None if stamp is None else str(stamp),
        }
        return orjson.dumps(body)

    def text_json(self) -> bytes:
        return orjson.dumps([self.member, self.texts])


def plan_item(item: CatalogItem) -> IndexPlan:
    m = member(item)
    zsets: list[tuple[str, str]] = []
    genres = sorted({genre.lower() for genre in item.genres})
    for sort in CatalogSort:
        score = _score(item, sort)
        zsets.append((keys.catalog_sort_index(sort.value), score))
        if item.status is not None:
            zsets.append((keys.catalog_filter_index(sort.value, "status", item.status), score))
        if item.year:
            zsets.append((keys.catalog_filter_index(sort.value, "year", str(item.year)), score))
        zsets.extend((keys.catalog_filter_index(sort.value, "genre", genre), score) for genre in genres)
    texts = [item.title.lower(), *(alt.lower() for alt in item.alternative_titles)]
    all_grams: set[str] = set()
    for text in texts:
        all_grams |= grams(text)
    spellings: dict[str, str] = {}
    for genre in item.genres:
        lowered = genre.lower()
        known = spellings.get(lowered)
        if known is None or genre < known:
            spellings[lowered] = genre
    return IndexPlan(
        slug=item.slug,
        member=m,
        zsets=zsets,
        gram_sets=[keys.catalog_gram(gram) for gram in sorted(all_grams)],
        texts=texts,
        facet_genres=sorted(spellings.values()),
    )


def genre_facet(counts: Mapping[str, int]) -> list[GenreCount]:
    """The genre facet from the stored counts per spelling: one entry per case-insensitive genre, named by its most
    used spelling (ties: byte order), counting the items that have it; sorted by name (byte order, like titles)."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for spelling, count in counts.items():
        if count > 0:
            groups.setdefault(spelling.lower(), []).append((spelling, count))
    facet = [
        GenreCount(name=min(group, key=lambda pair: (-pair[1], pair[0]))[0], count=sum(n for _, n in group))
        for group in groups.values()
    ]
    facet.sort(key=lambda entry: entry.name)
    return facet
