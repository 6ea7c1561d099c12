# ruff: noqa: RUF001
from __future__ import annotations

from typing import Any

from ani_parser.domain.kodik import episodes_from_search, listed_item, shikimori_id_of, title_from_kodik
from ani_parser.domain.priority import TranslationPreference, quality_of
from ani_parser.domain.urls import normalize_media_url

PREF = TranslationPreference()

# Kodik /search?with_episodes=true: the shape the real API returns
REAL_SERIAL: dict[str, Any] = {
    "id": "serial-6647",
    "type": "anime-serial",
    "link": "//kodik.info/serial/6647/cd5cb18078eb1d1a96abe338b2ffeb16/720p",
    "title": "Наруто [ТВ-1]",
    "title_orig": "Naruto",
    "shikimori_id": "20",
    "translation": {"id": 609, "title": "AniDUB", "type": "voice"},
    "quality": "DVDRip",
    "last_season": 1,
    "last_episode": 220,
    "episodes_count": 220,
    "seasons": {
        "1": {
            "link": "//kodik.info/season/32715/89d68b6afc07d76f36fd4db6ee51e8b8/720p",
            "episodes": {
                "1": "//kodik.info/seria/176463/0d9a0b7c2f0e4f5f8b2c1d3e4f5a6b7c/720p",
                "2": "//kodik.info/seria/176464/1e8b1c7d3f1f5a6a9c3d2e4f5a6b7c8d/720p",
            },
        }
    },
}

# with_episodes_data=true: episodes become objects; a season may carry a title; season "0" = specials
WITH_DATA: dict[str, Any] = {
    "id": "serial-42758",
    "type": "anime-serial",
    "link": "//kodik.info/serial/42758/bb173bb49a1d7bd2d8a7ca43c70a4082/720p",
    "shikimori_id": "20",
    "translation": {"id": 869, "title": "Субтитры", "type": "subtitles"},
    "quality": "WEB-DLRip 1080p",
    "seasons": {
        "1": {
            "link": "//kodik.info/season/1/a/1080p",
            "episodes": {
                "1": {"title": "Enter: Naruto Uzumaki!", "link": "//kodik.info/seria/9001/b/1080p", "screenshots": []},
                "2": {"title": None, "link": "//kodik.info/seria/9002/c/1080p", "screenshots": []},
            },
        },
        "0": {
            "link": "//kodik.info/season/0/d/1080p",
            "title": "Спецвыпуски",
            "episodes": {"1": {"title": "OVA", "link": "//kodik.info/seria/9100/e/1080p", "screenshots": []}},
        },
    },
}

MOVIE: dict[str, Any] = {
    "id": "movie-108152",
    "type": "anime",
    "link": "//kodik.info/video/108152/869f513fbac154c33b73dcce24187bd2/720p",
    "title": "Поднятие уровня в одиночку. Второе пробуждение",
    "translation": {"id": 1062, "title": "LE-Production", "type": "voice"},
    "shikimori_id": "59841",
    "quality": "TS 720p",
    "camrip": True,
}


def test_real_season_shape_gives_per_episode_https_iframe_links() -> None:
    episodes = episodes_from_search([REAL_SERIAL], shikimori_id=20, preference=PREF)
    assert [(e.season, e.number, e.source_episode_id) for e in episodes] == [(1, 1, "20:1:1"), (1, 2, "20:1:2")]
    video = episodes[0].videos[0]
    assert video.type == "iframe"
    assert video.url == "https://kodik.info/seria/176463/0d9a0b7c2f0e4f5f8b2c1d3e4f5a6b7c/720p"
    assert episodes[1].videos[0].url.startswith("https://kodik.info/seria/176464/")
    assert (video.translation_id, video.translation_title, video.translation_type) == ("609", "AniDUB", "voice")
    assert video.quality == "720p"  # from the link: "DVDRip" names no resolution
    assert video.source_name == "kodik"


def test_episodes_data_titles_specials_and_season_identity() -> None:
    episodes = episodes_from_search([WITH_DATA], shikimori_id=20, preference=PREF)
    by_id = {e.source_episode_id: e for e in episodes}
    assert list(by_id) == ["20:0:1", "20:1:1", "20:1:2"]  # sorted by (season, number)
    assert by_id["20:0:1"].season == 0
    assert by_id["20:0:1"].title == "OVA"
    assert by_id["20:1:1"].title == "Enter: Naruto Uzumaki!"
    assert by_id["20:1:2"].title is None
    assert by_id["20:1:1"].videos[0].quality == "1080p"


def test_seasons_never_merge_and_translations_merge_per_episode() -> None:
    two_seasons = {
        **REAL_SERIAL,
        "seasons": {
            "1": {"link": "//k/s1", "episodes": {"1": "//k/seria/1/x/720p"}},
            "2": {"link": "//k/s2", "episodes": {"1": "//k/seria/2/x/720p"}},
        },
    }
    episodes = episodes_from_search([two_seasons, WITH_DATA], shikimori_id=20, preference=PREF)
    by_id = {e.source_episode_id: e for e in episodes}
    assert by_id["20:2:1"].videos[0].url == "https://k/seria/2/x/720p"
    assert len(by_id["20:2:1"].videos) == 1
    assert {v.translation_type for v in by_id["20:1:1"].videos} == {"voice", "subtitles"}


def test_voice_preferred_over_subtitles_and_higher_is_better() -> None:
    episodes = episodes_from_search([WITH_DATA, REAL_SERIAL], shikimori_id=20, preference=PREF)
    videos = {e.source_episode_id: e for e in episodes}["20:1:1"].videos
    assert [v.translation_type for v in videos] == ["voice", "subtitles"]  # sorted by priority, descending
    assert videos[0].priority > videos[1].priority
    subs_first = TranslationPreference(types=("subtitles", "voice"))
    flipped = {
        e.source_episode_id: e
        for e in episodes_from_search([WITH_DATA, REAL_SERIAL], shikimori_id=20, preference=subs_first)
    }
    assert flipped["20:1:1"].videos[0].translation_type == "subtitles"


def test_preferred_translation_ids_rank_first_within_a_type() -> None:
    pref = TranslationPreference(translation_ids=("610",))
    anilibria = {
        **REAL_SERIAL,
        "translation": {"id": 610, "title": "AniLibria", "type": "voice"},
        "seasons": {"1": {"episodes": {"1": "//k/seria/610/x/720p"}}},
    }
    videos = episodes_from_search([REAL_SERIAL, anilibria], shikimori_id=20, preference=pref)[0].videos
    assert videos[0].translation_title == "AniLibria"


def test_movie_is_one_episode_with_the_item_link() -> None:
    episodes = episodes_from_search([MOVIE], shikimori_id=59841, preference=PREF)
    assert len(episodes) == 1
    assert (episodes[0].season, episodes[0].number, episodes[0].source_episode_id) == (1, 1, "59841:1:1")
    assert episodes[0].videos[0].url == "https://kodik.info/video/108152/869f513fbac154c33b73dcce24187bd2/720p"
    camrip_priority = episodes[0].videos[0].priority
    clean = episodes_from_search([{**MOVIE, "camrip": False}], shikimori_id=59841, preference=PREF)
    assert clean[0].videos[0].priority > camrip_priority


def test_geo_blocked_translation_is_kept_but_never_preferred() -> None:
    blocked = {
        **REAL_SERIAL,
        "translation": {"id": 1978, "title": "Dream Cast", "type": "voice"},
        "blocked_countries": ["RU"],
        "seasons": {"1": {"episodes": {"1": "//k/seria/1978/x/720p"}}},
    }
    videos = episodes_from_search([blocked, WITH_DATA], shikimori_id=20, preference=PREF)[1].videos
    assert [v.translation_title for v in videos] == ["Субтитры", "Dream Cast"]


def test_old_shape_without_episode_links_uses_the_season_player_at_that_episode() -> None:
    legacy = {**REAL_SERIAL, "seasons": {"1": {"1": {"title": "Enter"}, "2": {"title": None}}}}
    episodes = episodes_from_search([legacy], shikimori_id=20, preference=PREF)
    assert [e.number for e in episodes] == [1, 2]
    assert episodes[1].videos[0].url.endswith("/720p?season=1&episode=2&only_episode=true")
    assert episodes[0].title == "Enter"


def test_items_of_another_title_or_without_links_are_ignored() -> None:
    other = {**REAL_SERIAL, "shikimori_id": "21"}
    no_link = {**MOVIE, "link": None, "shikimori_id": "20"}
    assert episodes_from_search([other, no_link], shikimori_id=20, preference=PREF) == []


def test_duplicate_links_within_an_episode_are_posted_once() -> None:
    episodes = episodes_from_search([REAL_SERIAL, REAL_SERIAL], shikimori_id=20, preference=PREF)
    assert len(episodes[0].videos) == 1


def test_shikimori_id_extraction() -> None:
    assert shikimori_id_of({"material_data": {"shikimori_id": "20"}, "shikimori_id": "99"}) == 20
    assert shikimori_id_of({"material_data": {"shikimori_id": None}, "shikimori_id": "99"}) == 99
    assert shikimori_id_of({"shikimori_id": "abc"}) is None
    assert shikimori_id_of({"shikimori_id": "0"}) is None
    assert shikimori_id_of({}) is None
    item = listed_item({"shikimori_id": "20", "updated_at": "2019-12-06T07:17:42Z", "title": "Наруто"})
    assert (item.shikimori_id, item.updated_at, item.title) == (20, "2019-12-06T07:17:42Z", "Наруто")


def test_url_normalisation() -> None:
    assert normalize_media_url("  //kodik.info/seria/1/a/720p ") == "https://kodik.info/seria/1/a/720p"
    assert normalize_media_url("http://127.0.0.1:8090/seria/1/a/720p") == "http://127.0.0.1:8090/seria/1/a/720p"
    assert normalize_media_url("https://x/y") == "https://x/y"
    assert normalize_media_url("javascript:alert(1)") is None
    assert normalize_media_url("ftp://x/y") is None
    assert normalize_media_url("") is None
    assert normalize_media_url(None) is None


def test_quality_extraction() -> None:
    assert quality_of("WEB-DLRip 1080p", "//x/720p") == "1080p"
    assert quality_of("DVDRip", "//x/720p") == "720p"
    assert quality_of("DVDRip", "//x/y") is None


def test_title_fallback_from_kodik_material_data() -> None:
    item = {
        **REAL_SERIAL,
        "year": 2002,
        "material_data": {
            "anime_title": "Наруто",
            "title_en": "Naruto",
            "anime_status": "released",
            "anime_genres": ["Экшен"],
        },
    }
    fallback = title_from_kodik([item])
    assert fallback is not None
    assert fallback["russian"] == "Наруто"
    assert fallback["english"] == ["Naruto"]
    assert fallback["aired_on"] == "2002-01-01"
    assert fallback["genres"] == ["Экшен"]
