from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest

from ani_write.application.admin.models import UNSET, AnimeChanges, EpisodeChanges
from ani_write.application.commands.import_legacy_data import from_epoch_ms, newest
from ani_write.config import Settings
from ani_write.domain.catalog import import_changes
from ani_write.domain.errors import InvalidProgressError
from ani_write.domain.events import user_data_changed
from ani_write.domain.media_urls import InvalidMediaUrlError, normalize_media_url
from ani_write.domain.progress import validate_progress
from ani_write.domain.slugs import base_slug, slug_candidates
from ani_write.infrastructure.db.queries import like_pattern
from ani_write.infrastructure.db.unit_of_work import OutboxEventSink


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Наруто", "naruto"),
        ("Ван Пис", "van-pis"),
        ("Fate/Zero", "fate-zero"),
        ("Pokémon", "pokemon"),
        ("!!!", "anime"),
    ],
)
def test_base_slug_is_readable_and_never_empty(title: str, slug: str) -> None:
    assert base_slug(title) == slug


def test_slug_candidates() -> None:
    assert slug_candidates("a", 0, 3) == ["a", "a-2", "a-3"]
    assert slug_candidates("a", 3, 2) == ["a-4", "a-5"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://x.example/a", "https://x.example/a"), ("//x.example/a", "https://x.example/a")],
)
def test_media_urls_accepted(url: str, expected: str) -> None:
    assert normalize_media_url(url) == expected


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://x/y", "http://x.example/a", "https:///nohost", "", "a b"]
)
def test_media_urls_refused(url: str) -> None:
    with pytest.raises(InvalidMediaUrlError):
        normalize_media_url(url)


def test_plain_http_only_for_listed_hosts() -> None:
    assert normalize_media_url("http://127.0.0.1:9/p", {"127.0.0.1"}) == "http://127.0.0.1:9/p"


@pytest.mark.parametrize(("position", "duration"), [(float("inf"), 1), (1, float("nan")), (-1, 1), (5, 4)])
def test_invalid_progress(position: float, duration: float) -> None:
    with pytest.raises(InvalidProgressError):
        validate_progress(position, duration)


def test_import_changes_respects_locks_and_unknowns() -> None:
    current = {"title": "A", "year": 1, "poster": "p"}
    incoming = {"title": "B", "year": 2, "poster": None}
    assert import_changes(current, incoming, {"title"}, keep_on_none={"poster"}) == {"year": 2}
    assert import_changes(current, current, ()) == {}


def test_event_sink_coalesces_per_topic_and_key() -> None:
    sink = OutboxEventSink()
    sink.add(user_data_changed("library_changed", 1, "rpc"))
    sink.add(user_data_changed("library_changed", 1, "rpc"))
    sink.add(user_data_changed("library_changed", 1, "other"))
    assert len(sink.pending) == 2


def test_like_pattern_escapes_wildcards() -> None:
    assert like_pattern("100%_a\\b") == "%100\\%\\_a\\\\b%"


def test_production_refuses_insecure_media_hosts() -> None:
    with pytest.raises(ValueError, match="INSECURE_MEDIA_HOSTS"):
        Settings(
            env="production",
            database_url="postgresql://u@h/db",
            redis_url="redis://h",
            internal_token="Zq8v2LkP0sXw4Ny7Rt1Bm6Hc3Jf9Gd5A",
            cookie_secure=True,
            allowed_origins="https://ani.example",
            insecure_media_hosts="127.0.0.1",
            _env_file=None,
        )


def test_change_sets_tell_unset_from_null() -> None:
    assert AnimeChanges().given() == {}
    assert AnimeChanges(description=None, year=2002).given() == {"description": None, "year": 2002}
    assert AnimeChanges(slug="x").slug is not UNSET
    assert "anime_id" in EpisodeChanges(anime_id=UUID(int=1)).given()
    misspelled: dict[str, Any] = {"titel": "typo"}
    with pytest.raises(TypeError):  # a misspelled field never reaches the repository
        AnimeChanges(**misspelled)


def test_legacy_import_keeps_the_newest_of_duplicates_and_counts_the_rest() -> None:
    at = [datetime(2026, 1, day, tzinfo=UTC) for day in (1, 2, 3)]
    entries = [("a", at[1]), None, ("a", at[0]), ("b", at[2]), ("a", at[2])]
    kept, skipped = newest(entries, lambda entry: entry[0], lambda entry: entry[1])
    assert kept == [("a", at[2]), ("b", at[2])]
    assert skipped == 3  # one invalid, two duplicates


def test_legacy_timestamps() -> None:
    assert from_epoch_ms(0) is None
    assert from_epoch_ms(-5) is None
    assert from_epoch_ms(10**20) is None
    assert from_epoch_ms(1_000) == datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)
