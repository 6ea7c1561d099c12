# ruff: noqa: RUF001
from __future__ import annotations

import re
from typing import Any

import pytest

from ani_parser.domain.shikimori import title_from_shikimori
from ani_parser.domain.text import markup_to_text

SITE = "https://shikimori.example"

# Shikimori REST GET /api/animes/{id} (trimmed to the fields that matter, plus a few ignored ones)
REST: dict[str, Any] = {
    "id": 20,
    "name": "Naruto",
    "russian": "Наруто",
    "image": {"original": "/system/animes/original/20.jpg?1705345937", "preview": "/system/animes/preview/20.jpg"},
    "kind": "tv",
    "status": "released",
    "aired_on": "2002-10-03",
    "english": ["Naruto"],
    "japanese": ["ナルト"],
    "synonyms": ["NARUTO"],
    "description": "Двенадцать лет назад… [character=17]Наруто Узумаки[/character] мечтает стать Хокаге.",
    "genres": [
        {"id": 1, "name": "Action", "russian": "Экшен", "kind": "genre", "entry_type": "Anime"},
        {"id": 2, "name": "Adventure", "russian": "Приключения", "kind": "genre", "entry_type": "Anime"},
    ],
}

# Shikimori GraphQL animes query
GRAPHQL: dict[str, Any] = {
    "id": "20",
    "name": "Naruto",
    "russian": "Наруто",
    "english": "Naruto",
    "japanese": "ナルト",
    "status": "ongoing",
    "airedOn": {"date": "2002-10-03", "year": 2002},
    "poster": {"originalUrl": "https://shikimori.one/uploads/poster/animes/20/abc.jpeg", "mainUrl": "x"},
    "genres": [{"name": "Action", "russian": "Экшен", "kind": "genre"}],
    "description": "[b]Жирный[/b] текст",
}


def test_rest_mapping() -> None:
    title = title_from_shikimori(REST, site_url=SITE)
    assert title is not None
    assert title.source_id == "20"
    assert title.title == "Наруто"  # the UI is Russian
    assert title.alternative_titles == ["Naruto", "ナルト"]  # "NARUTO" repeats "Naruto" (case-insensitively)
    assert title.description == "Двенадцать лет назад… Наруто Узумаки мечтает стать Хокаге."
    assert title.year == 2002
    assert title.status == "completed"
    assert title.poster == "https://shikimori.example/system/animes/original/20.jpg?1705345937"
    assert title.genres == ["Экшен", "Приключения"]


def test_graphql_mapping() -> None:
    title = title_from_shikimori(GRAPHQL, site_url=SITE)
    assert title is not None
    assert (title.source_id, title.title, title.status, title.year) == ("20", "Наруто", "ongoing", 2002)
    assert title.alternative_titles == ["Naruto", "ナルト"]
    assert title.poster == "https://shikimori.one/uploads/poster/animes/20/abc.jpeg"
    assert title.description == "Жирный текст"
    assert title.genres == ["Экшен"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ongoing", "ongoing"), ("released", "completed"), ("anons", "upcoming"), ("weird", None), (None, None)],
)
def test_status_mapping(raw: str | None, expected: str | None) -> None:
    title = title_from_shikimori({**REST, "status": raw}, site_url=SITE)
    assert title is not None
    assert title.status == expected


def test_romaji_is_the_title_when_there_is_no_russian_and_empty_entries_are_refused() -> None:
    title = title_from_shikimori({**REST, "russian": None}, site_url=SITE)
    assert title is not None
    assert title.title == "Naruto"
    assert "Наруто" not in (title.alternative_titles or [])
    assert title_from_shikimori({"id": 5, "name": "", "russian": " ", "english": []}, site_url=SITE) is None
    assert title_from_shikimori({"name": "No id"}, site_url=SITE) is None


def test_out_of_range_year_is_dropped_not_fatal() -> None:
    title = title_from_shikimori({**REST, "aired_on": "1800-01-01"}, site_url=SITE)
    assert title is not None
    assert title.year is None
    assert title_from_shikimori({**REST, "aired_on": None}, site_url=SITE).year is None  # type: ignore[union-attr]


def test_missing_poster_placeholder_and_protocol_relative_posters() -> None:
    missing = title_from_shikimori(
        {**REST, "image": {"original": "/assets/globals/missing_original.jpg"}}, site_url=SITE
    )
    assert missing is not None
    assert missing.poster is None
    relative = title_from_shikimori({**REST, "image": "//cdn.example/p.jpg"}, site_url=SITE)
    assert relative is not None
    assert relative.poster == "https://cdn.example/p.jpg"


def test_genre_without_russian_name_keeps_english_and_duplicates_are_dropped() -> None:
    genres = [{"name": "Mecha", "russian": None, "kind": "genre"}, {"name": "Action", "russian": "Экшен"}, "Экшен"]
    title = title_from_shikimori({**REST, "genres": genres}, site_url=SITE)
    assert title is not None
    assert title.genres == ["Mecha", "Экшен"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("[character=17]Наруто[/character] и [anime=20]Саске[/anime]", "Наруто и Саске"),
        ("Строка[br]вторая", "Строка\nвторая"),
        ("[url=https://x.org]ссылка[/url] &amp; &laquo;цитата&raquo;", "ссылка & «цитата»"),
        ("До [spoiler=спойлер]финал[/spoiler]после", "До после"),
        ("<div class='x'>html<br>text</div>", "html\ntext"),
        ("  [i] [/i]  ", None),
        ("Текст [source]ANN[/source]", "Текст"),
        (None, None),
    ],
)
def test_markup_to_text(raw: str | None, expected: str | None) -> None:
    assert markup_to_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("&lt;img src=x onerror=alert(1)&gt;Наруто", "Наруто"),  # escaped: decoded, then removed
        ("&amp;lt;img src=x onerror=alert(1)&amp;gt;Наруто", "Наруто"),  # escaped twice
        ("&#60;svg/onload=alert(1)&#62;ok", "ok"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;ok", "ok"),
        ("<scr<script>ipt>alert(1)</script>ok", "ipt>alert(1)ok"),  # harmless text, no tag
        ("ok <img src=x onerror=alert(1)", "ok img src=x onerror=alert(1)"),  # unterminated: no tag left
        ("[b]&lt;a href=javascript:alert(1)&gt;ссылка&lt;/a&gt;[/b]", "ссылка"),
        ("<!-- c -->a<![CDATA[x]]>b<?pi?>", "ab"),
        ("5 &lt; 6 и 7 > 3", "5 < 6 и 7 > 3"),  # plain comparisons stay text
        ("<p>один</p><p>два</p>", "один\n\nдва"),
    ],
)
def test_descriptions_are_plain_text_without_any_tag(raw: str, expected: str) -> None:
    """Issue 15 hole 5: stripping tags before decoding entities turned an escaped tag into a live one."""
    text = markup_to_text(raw)
    assert text == expected
    assert re.search(r"<[A-Za-z/!?]", text) is None
