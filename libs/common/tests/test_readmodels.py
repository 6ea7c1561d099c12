"""The read-model contract: writer → Redis → reader, against a real Redis."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta, timezone

import orjson
import pytest
from redis.asyncio import Redis

from ani_common.readmodels import keys
from ani_common.readmodels.catalog import CatalogQuery, CatalogSort, InvalidCatalogQueryError
from ani_common.readmodels.reader import CorruptReadModelError, ReadModelReader
from ani_common.readmodels.shapes import (
    AnimeDetail,
    AnimeSummary,
    CatalogItem,
    Episode,
    HistoryLast,
    LibraryEntry,
    VideoSource,
    dumps,
    etag_of,
)
from ani_common.readmodels.writer import ReadModelWriter

T0 = datetime(2026, 11, 26, 6, 40, 27, 59931, tzinfo=UTC)


def item(slug: str, title: str, **changes: object) -> CatalogItem:
    fields: dict[str, object] = {
        "id": uuid.uuid5(uuid.NAMESPACE_URL, slug),
        "slug": slug,
        "title": title,
        "poster": None,
        "year": 2020,
        "status": "ongoing",
        "genres": ("Action",),
        "alternative_titles": (),
        "last_updated": T0,
    }
    fields.update(changes)
    return CatalogItem(**fields)  # type: ignore[arg-type]


def slugs(body: bytes) -> list[str]:
    return [entry["slug"] for entry in orjson.loads(body)]


@pytest.fixture
def writer(redis_client: Redis) -> ReadModelWriter:
    return ReadModelWriter(redis_client, batch_size=3)


@pytest.fixture
def reader(redis_client: Redis) -> ReadModelReader:
    return ReadModelReader(redis_client)


def test_detail_serialisation_matches_the_contract() -> None:
    episode_id, source_id, anime_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    low = VideoSource(id=uuid.uuid4(), type="iframe", url="https://a/1", source_name="kodik", priority=1)
    high = VideoSource(id=source_id, type="iframe", url="https://a/2", source_name="kodik", priority=9)
    detail = AnimeDetail(
        id=anime_id,
        slug="naruto",
        title="Наруто",
        description=None,
        year=2002,
        status="completed",
        poster=None,
        genres=("Action",),
        alternative_titles=("Naruto",),
        episodes=(
            Episode(id=uuid.uuid4(), number=2, season=None, title=None, video_sources=()),
            Episode(id=episode_id, number=1, season=None, title="One", video_sources=(low, high)),
        ),
        last_updated=T0.astimezone(timezone(timedelta(hours=3))),
    )
    data = orjson.loads(dumps(detail))
    assert data["id"] == str(anime_id)
    assert [episode["number"] for episode in data["episodes"]] == [1, 2]
    assert list(data["episodes"][0]) == ["id", "number", "season", "title", "video_sources"]
    assert data["episodes"][0]["season"] is None
    assert data["episodes"][0]["id"] == str(episode_id)
    assert [source["priority"] for source in data["episodes"][0]["video_sources"]] == [9, 1]
    assert data["episodes"][0]["video_sources"][0]["id"] == str(source_id)
    assert data["last_updated"] == "2026-11-26T06:40:27.059931+00:00"
    assert dumps(detail) == dumps(detail)
    assert dumps(None) == b"null"


def test_detail_episodes_are_ordered_by_season_nulls_first_then_number_then_id() -> None:
    def episode(season: int | None, number: int, n: int) -> Episode:
        return Episode(id=uuid.UUID(int=n), number=number, season=season, title=None, video_sources=())

    order = [episode(None, 2, 1), episode(0, 1, 2), episode(1, 1, 4), episode(1, 1, 3), episode(2, 1, 5)]
    order += [episode(1, 2, 6), episode(None, 1, 7), episode(10, 1, 8)]
    expected = [(None, 1, 7), (None, 2, 1), (0, 1, 2), (1, 1, 3), (1, 1, 4), (1, 2, 6), (2, 1, 5), (10, 1, 8)]
    bodies = set()
    for shuffled in (order, order[::-1], sorted(order, key=lambda e: e.number)):
        detail = AnimeDetail(
            id=uuid.UUID(int=0), slug="s", title="S", description=None, year=None, status=None, poster=None,
            genres=(), alternative_titles=(), episodes=tuple(shuffled), last_updated=T0,
        )  # fmt: skip
        data = orjson.loads(dumps(detail))
        got = [(e["season"], e["number"], uuid.UUID(e["id"]).int) for e in data["episodes"]]
        assert got == expected
        bodies.add(dumps(detail))
    assert len(bodies) == 1  # the input order never changes the bytes


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        dumps(item("a", "A", last_updated=datetime(2026, 1, 1)))  # noqa: DTZ001


def test_user_keys_are_provider_aware() -> None:
    assert keys.user_library(7, "rpc") == "user:7:library:rpc"
    assert keys.user_progress(7, "x") == "user:7:progress:x"
    assert keys.user_history_last(7, "rpc") == "user:7:history:last:rpc"
    assert keys.anime_detail("naruto") == "anime:detail:naruto"


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"skip": -1}, "skip"), ({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"status": "x"}, "status")],
)
def test_query_bounds(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidCatalogQueryError) as caught:
        CatalogQuery(**changes)  # type: ignore[arg-type]
    assert caught.value.field == field


async def test_keyed_model_round_trip_and_etag(writer: ReadModelWriter, reader: ReadModelReader) -> None:
    entry = LibraryEntry(
        title_id="naruto",
        provider="rpc",
        status="watching",
        is_favorite=True,
        updated_at=T0,
        anime=AnimeSummary(slug="naruto", title="Naruto", poster=None),
    )
    assert await reader.get(keys.user_library(1, "rpc")) is None
    assert await writer.put_library(1, "rpc", [entry])
    stored = await reader.get(keys.user_library(1, "rpc"))
    assert stored is not None
    assert stored.body == dumps([entry])
    assert stored.etag.decode() == etag_of(stored.body)
    assert orjson.loads(stored.body)[0]["anime"] == {"slug": "naruto", "title": "Naruto", "poster": None}
    assert await reader.get(keys.user_library(1, "other")) is None


async def test_history_last_none_is_stored_as_null(writer: ReadModelWriter, reader: ReadModelReader) -> None:
    await writer.put_history_last(3, "rpc", None)
    stored = await reader.get(keys.user_history_last(3, "rpc"))
    assert stored is not None
    assert stored.body == b"null"
    entry = HistoryLast(
        history_id=5, title_id="t", episode_id="e", provider="rpc", position_seconds=None, watched_at=T0
    )
    await writer.put_history_last(3, "rpc", entry)
    stored = await reader.get(keys.user_history_last(3, "rpc"))
    assert stored is not None
    assert orjson.loads(stored.body)["history_id"] == 5


async def test_invalid_provider_is_refused(writer: ReadModelWriter) -> None:
    with pytest.raises(ValueError, match="provider"):
        await writer.put_progress(1, "Bad Provider", [])


async def test_stale_stamp_is_refused(writer: ReadModelWriter, reader: ReadModelReader) -> None:
    assert await writer.put_progress(1, "rpc", [], stamp=10)
    assert await writer.put_history_last(1, "rpc", None, stamp=5) is not False  # other key: applied
    assert not await writer.put_progress(1, "rpc", [], stamp=9)
    assert await writer.put_progress(1, "rpc", [], stamp=10)


async def test_detail_tombstone_refuses_older_put(writer: ReadModelWriter, reader: ReadModelReader) -> None:
    detail = AnimeDetail(
        id=uuid.uuid4(), slug="a", title="A", description=None, year=None, status=None, poster=None,
        genres=(), alternative_titles=(), episodes=(), last_updated=T0,
    )  # fmt: skip
    await writer.put_anime_detail(detail, stamp=1)
    assert await writer.delete_anime_detail("a", stamp=2)
    assert await reader.get(keys.anime_detail("a")) is None
    assert not await writer.put_anime_detail(detail, stamp=1)
    assert await reader.get(keys.anime_detail("a")) is None
    assert await writer.put_anime_detail(detail, stamp=3)
    assert await reader.get(keys.anime_detail("a")) is not None


async def test_corrupt_keyed_model(redis_client: Redis, reader: ReadModelReader) -> None:
    await redis_client.hset("anime:detail:x", "json", b"{}")
    with pytest.raises(CorruptReadModelError):
        await reader.get("anime:detail:x")


async def test_catalog_missing_then_empty(writer: ReadModelWriter, reader: ReadModelReader) -> None:
    assert await reader.catalog_page(CatalogQuery()) is None
    await writer.put_catalog([])
    page = await reader.catalog_page(CatalogQuery())
    assert page is not None
    assert (page.body, page.total) == (b"[]", 0)


async def test_catalog_sorts_filters_and_pages(writer: ReadModelWriter, reader: ReadModelReader) -> None:
    catalog = [
        item("b", "Beta", year=2001, genres=("Drama",), status="completed", last_updated=T0 + timedelta(seconds=3)),
        item("a", "Alpha", year=2010, genres=("action", "Drama"), alternative_titles=("Первый",)),
        item("c", "Gamma", year=None, status=None, last_updated=T0 + timedelta(seconds=9)),
        item("d", "Delta", year=2010, genres=(), status="upcoming", last_updated=T0 + timedelta(seconds=1)),
        item("e", "alpha", year=2005),
    ]
    assert await writer.put_catalog(catalog) == 5

    async def run(**params: object) -> tuple[list[str], int]:
        page = await reader.catalog_page(CatalogQuery(**params))  # type: ignore[arg-type]
        assert page is not None
        return slugs(page.body), page.total

    assert await run() == (["a", "b", "d", "c", "e"], 5)  # byte order: upper case before lower case
    assert await run(skip=1, limit=2) == (["b", "d"], 5)
    assert await run(skip=10) == ([], 5)
    assert await run(sort=CatalogSort.YEAR_DESC) == (["a", "d", "e", "b", "c"], 5)
    assert await run(sort=CatalogSort.UPDATED_DESC) == (["c", "b", "d", "a", "e"], 5)
    assert await run(genre="ACTION") == (["a", "c", "e"], 3)
    assert await run(status="ongoing") == (["a", "e"], 2)
    assert await run(year=2010) == (["a", "d"], 2)
    assert await run(year=0) == (["a", "b", "d", "c", "e"], 5)
    assert await run(year=2010, genre="drama") == (["a"], 1)
    assert await run(q="alp") == (["a", "e"], 2)
    assert await run(q="LPH", sort=CatalogSort.YEAR_DESC) == (["a", "e"], 2)
    assert await run(q="ерв") == (["a"], 1)
    assert await run(q="a", status="completed") == (["b"], 1)
    assert await run(q="zzz") == ([], 0)
    assert await run(q="") == (["a", "b", "d", "c", "e"], 5)


async def test_catalog_upsert_moves_item_between_indexes(writer: ReadModelWriter, reader: ReadModelReader) -> None:
    await writer.put_catalog([item("a", "Alpha", genres=("Action",)), item("b", "Beta")])
    before = await reader.catalog_page(CatalogQuery())
    assert before is not None
    await writer.upsert_catalog_item(item("a", "Zeta", genres=("Comedy",), status="completed"))
    page = await reader.catalog_page(CatalogQuery(genre="action"))
    assert page is not None
    assert slugs(page.body) == ["b"]
    page = await reader.catalog_page(CatalogQuery(genre="comedy", status="completed"))
    assert page is not None
    assert slugs(page.body) == ["a"]
    page = await reader.catalog_page(CatalogQuery())
    assert page is not None
    assert slugs(page.body) == ["b", "a"]
    assert page.etag != before.etag
    await writer.remove_catalog_item("a")
    page = await reader.catalog_page(CatalogQuery(q="zeta"))
    assert page is not None
    assert page.total == 0


async def test_rebuild_equals_incremental(redis_client: Redis, writer: ReadModelWriter) -> None:
    final = [item("a", "Alpha", genres=("Comedy", "Drama")), item("c", "Gamma", year=1999, genres=("drama",))]
    await writer.put_catalog([item("a", "Old", genres=("Action",)), item("b", "Beta", genres=("Drama", "Horror"))])
    await writer.upsert_catalog_item(final[0])
    await writer.remove_catalog_item("b")
    await writer.upsert_catalog_item(final[1])
    incremental = await _dump(redis_client)
    assert incremental[keys.CATALOG_GENRES.encode()] == {b"Comedy": b"1", b"Drama": b"1", b"drama": b"1"}
    await redis_client.flushdb()
    await writer.put_catalog(final)
    assert await _dump(redis_client) == incremental


async def test_unchanged_rebuild_keeps_the_version(writer: ReadModelWriter, reader: ReadModelReader) -> None:
    await writer.put_catalog([item("a", "Alpha")])
    first = await reader.catalog_page(CatalogQuery())
    await writer.put_catalog([item("a", "Alpha")])
    second = await reader.catalog_page(CatalogQuery())
    assert first is not None
    assert second is not None
    assert first.etag == second.etag


async def _dump(redis: Redis) -> dict[bytes, object]:
    """Every catalog key's content (the version counter excluded: it counts changes, not state)."""
    result: dict[bytes, object] = {}
    async for key in redis.scan_iter(match="anime:*"):
        if key in (keys.CATALOG_VERSION.encode(),) or b":query:" in key:
            continue
        kind = await redis.type(key)
        if kind == b"hash":
            result[key] = await redis.hgetall(key)
        elif kind == b"zset":
            result[key] = await redis.zrange(key, 0, -1, withscores=True)
        elif kind == b"set":
            result[key] = sorted(await redis.smembers(key))
        else:
            result[key] = await redis.get(key)
    return result


async def test_page_cache_follows_the_catalog_version(redis_client: Redis, writer: ReadModelWriter) -> None:
    cached = ReadModelReader(redis_client, page_cache_size=2)
    assert await cached.catalog_page(CatalogQuery()) is None
    await writer.put_catalog([item("a", "Alpha")])
    first = await cached.catalog_page(CatalogQuery())
    assert first is not None
    assert await cached.catalog_page(CatalogQuery()) is first
    await writer.upsert_catalog_item(item("b", "Beta"))
    second = await cached.catalog_page(CatalogQuery())
    assert second is not None
    assert slugs(second.body) == ["a", "b"]
    assert second.etag != first.etag
    for skip in range(5):
        await cached.catalog_page(CatalogQuery(skip=skip))
    assert len(cached._page_cache) == 2


# ---------------------------------------------------------------------------------------------------- genre facet


async def facet(reader: ReadModelReader) -> list[tuple[str, int]]:
    model = await reader.genres()
    assert model is not None
    return [(entry["name"], entry["count"]) for entry in orjson.loads(model.body)]


async def test_genre_facet_missing_then_empty(writer: ReadModelWriter, reader: ReadModelReader) -> None:
    assert await reader.genres() is None
    await writer.put_catalog([])
    model = await reader.genres()
    assert model is not None
    assert model.body == b"[]"
    version = await reader.redis.get(keys.CATALOG_VERSION)
    assert isinstance(version, bytes)
    assert model.etag == b'"g' + version + b'"'


async def test_genre_facet_follows_upserts_changes_and_removals(
    redis_client: Redis, writer: ReadModelWriter, reader: ReadModelReader
) -> None:
    await writer.put_catalog(
        [
            item("a", "Alpha", genres=("Экшен", "Drama")),
            item("b", "Beta", genres=("экшен",)),
            item("c", "Gamma", genres=("Comedy", "COMEDY")),  # one item, one count
            item("d", "Delta", genres=()),
        ]
    )
    assert await facet(reader) == [("COMEDY", 1), ("Drama", 1), ("Экшен", 2)]
    first = await reader.genres()

    await writer.upsert_catalog_item(item("e", "Epsilon", genres=("Drama", "Экшен")))  # insert
    assert await facet(reader) == [("COMEDY", 1), ("Drama", 2), ("Экшен", 3)]
    await writer.upsert_catalog_item(item("a", "Alpha", genres=("Horror",)))  # genre change
    assert await facet(reader) == [("COMEDY", 1), ("Drama", 1), ("Horror", 1), ("Экшен", 2)]
    version = await redis_client.get(keys.CATALOG_VERSION)
    await writer.upsert_catalog_item(item("a", "Alpha", genres=("Horror",)))  # unchanged: nothing moves
    assert await facet(reader) == [("COMEDY", 1), ("Drama", 1), ("Horror", 1), ("Экшен", 2)]
    assert await redis_client.get(keys.CATALOG_VERSION) == version
    await writer.remove_catalog_item("e")  # deactivated (no stamp)
    assert await facet(reader) == [("COMEDY", 1), ("Horror", 1), ("экшен", 1)]  # the one spelling left
    await writer.remove_catalog_item("e")  # idempotent
    await writer.delete_anime("c", stamp=5)  # deleted (tombstone)
    assert await facet(reader) == [("Horror", 1), ("экшен", 1)]
    assert not await writer.upsert_catalog_item(item("c", "Gamma", genres=("Comedy",)), stamp=4)  # stale: refused
    assert await facet(reader) == [("Horror", 1), ("экшен", 1)]
    await writer.upsert_catalog_item(item("c", "Gamma", genres=("Comedy",)), stamp=6)  # back
    assert await facet(reader) == [("Comedy", 1), ("Horror", 1), ("экшен", 1)]
    later = await reader.genres()
    assert first is not None
    assert later is not None
    assert later.etag != first.etag
    # Counts that reach 0 are deleted: the hash holds exactly the live spellings.
    assert await redis_client.hgetall(keys.CATALOG_GENRES) == {b"Comedy": b"1", b"Horror": b"1", "экшен".encode(): b"1"}

    await writer.put_catalog([item("b", "Beta", genres=("Drama",))])  # a rebuild removes the other items
    assert await facet(reader) == [("Drama", 1)]


async def test_genre_facet_names_and_counts_match_the_genre_filter(
    writer: ReadModelWriter, reader: ReadModelReader
) -> None:
    await writer.put_catalog(
        [
            item("a", "A", genres=("Action",)),
            item("b", "B", genres=("action",)),
            item("c", "C", genres=("action", "ACTION")),  # counts under its smallest spelling, "ACTION"
            item("d", "D", genres=("Sci-Fi",)),
        ]
    )
    # "action" is spelled 3 ways once each: the name is the byte-order smallest; the count covers all of them.
    assert await facet(reader) == [("ACTION", 3), ("Sci-Fi", 1)]
    await writer.upsert_catalog_item(item("e", "E", genres=("Action",)))
    assert await facet(reader) == [("Action", 4), ("Sci-Fi", 1)]  # now the most used spelling
    for name, count in await facet(reader):
        page = await reader.catalog_page(CatalogQuery(genre=name))
        assert page is not None
        assert page.total == count


async def test_genre_facet_equals_a_recount_after_random_changes(
    redis_client: Redis, writer: ReadModelWriter, reader: ReadModelReader
) -> None:
    rng = random.Random(20261126)
    spellings = ["Drama", "drama", "DRAMA", "Экшен", "экшен", "Comedy", "Horror", "Sci-Fi"]
    current: dict[str, CatalogItem] = {}
    for step in range(120):
        slug = f"s{rng.randrange(12)}"
        if rng.random() < 0.25:
            await writer.remove_catalog_item(slug, stamp=step)
            current.pop(slug, None)
        else:
            entry = item(slug, slug.upper(), genres=tuple(rng.sample(spellings, rng.randrange(4))))
            await writer.upsert_catalog_item(entry, stamp=step)
            current[slug] = entry
        expected: dict[str, int] = {}
        for entry in current.values():
            for lowered in {genre.lower() for genre in entry.genres}:
                expected[lowered] = expected.get(lowered, 0) + 1
        assert {name.lower(): count for name, count in await facet(reader)} == expected
    incremental = await reader.genres()
    await redis_client.flushdb()
    await writer.put_catalog(list(current.values()))
    rebuilt = await reader.genres()
    assert incremental is not None
    assert rebuilt is not None
    assert rebuilt.body == incremental.body


async def test_a_rebuild_counts_items_written_before_the_facet_existed(
    redis_client: Redis, writer: ReadModelWriter, reader: ReadModelReader
) -> None:
    catalog = [item("a", "Alpha", genres=("Drama",)), item("b", "Beta", genres=("Drama", "Comedy"))]
    await writer.put_catalog(catalog)
    # What an older writer left: metas without the facet spellings, no facet hash.
    metas: dict[bytes, bytes] = await redis_client.hgetall(keys.CATALOG_META)  # type: ignore[assignment]
    for slug, meta in metas.items():
        old = orjson.loads(meta)
        del old["f"]
        await redis_client.hset(keys.CATALOG_META, slug, orjson.dumps(old))
    await redis_client.delete(keys.CATALOG_GENRES)
    assert await facet(reader) == []
    await writer.upsert_catalog_item(item("a", "Alpha", genres=("Horror",)))  # uncounted before: nothing to remove
    assert await facet(reader) == [("Horror", 1)]
    await writer.put_catalog([item("a", "Alpha", genres=("Horror",)), catalog[1]])
    assert await facet(reader) == [("Comedy", 1), ("Drama", 1), ("Horror", 1)]


async def test_genre_facet_cache_follows_the_catalog_version(redis_client: Redis, writer: ReadModelWriter) -> None:
    cached = ReadModelReader(redis_client, page_cache_size=2)
    assert await cached.genres() is None
    await writer.put_catalog([item("a", "Alpha", genres=("Drama",))])
    first = await cached.genres()
    assert first is not None
    assert await cached.genres() is first
    await writer.upsert_catalog_item(item("b", "Beta", genres=("Drama",)))
    second = await cached.genres()
    assert second is not None
    assert second.etag != first.etag
    assert orjson.loads(second.body) == [{"name": "Drama", "count": 2}]


async def test_corrupt_genre_facet(redis_client: Redis, writer: ReadModelWriter, reader: ReadModelReader) -> None:
    await writer.put_catalog([])
    await redis_client.hset(keys.CATALOG_GENRES, "Drama", "many")
    with pytest.raises(CorruptReadModelError):
        await reader.genres()


async def test_a_full_rebuild_is_recorded_only_when_redis_kept_what_it_wrote(
    redis_client: Redis, writer: ReadModelWriter
) -> None:
    assert not await writer.full_rebuild_recorded()  # a fresh Redis
    await writer.upsert_catalog_item(item("a", "Alpha"))  # an incremental write: the catalog can be served…
    assert await redis_client.exists(keys.CATALOG_VERSION)
    assert not await writer.full_rebuild_recorded()  # …but nothing says it is complete

    token = await writer.begin_full_rebuild()
    assert await writer.finish_full_rebuild(token)
    assert await writer.full_rebuild_recorded()
    assert not await redis_client.exists(keys.CATALOG_REBUILDING)
    assert not await writer.finish_full_rebuild(token)  # once

    await redis_client.flushdb()  # Redis lost its data: the record goes with it
    assert not await writer.full_rebuild_recorded()

    lost = await writer.begin_full_rebuild()
    await redis_client.flushdb()  # …while a rebuild ran: what it wrote before is gone
    assert not await writer.finish_full_rebuild(lost)
    assert not await writer.full_rebuild_recorded()

    first = await writer.begin_full_rebuild()
    second = await writer.begin_full_rebuild()  # a later full rebuild started: only that one records completion
    assert not await writer.finish_full_rebuild(first)
    assert await writer.finish_full_rebuild(second)
    assert await writer.full_rebuild_recorded()
