"""Real-shape provider payloads built from a :class:`~ani_parser.fakes.dataset.DemoTitle`.

The shapes are the JSON the real Kodik and Shikimori APIs answer; samples of it are in
services/parser/tests/test_domain_kodik.py and test_domain_shikimori.py.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ani_parser.fakes.dataset import DemoTitle, Translation, genre_objects, player_hash

__all__ = ["graphql_anime", "kodik_item", "media_base", "rest_anime", "shikimori_status"]

_QUALITIES = ["WEB-DLRip 720p", "BDRip 1080p", "HDTVRip 720p", "DVDRip", "WEB-DL 1080p"]


def media_base(public_url: str) -> str:
    """Kodik links are protocol-relative on https; on a plain-http dev server they stay ``http://``."""
    url = public_url.rstrip("/")
    return url[len("https:") :] if url.startswith("https://") else url


def shikimori_status(title: DemoTitle) -> str:
    return title.status


def _stamp(title: DemoTitle, translation: Translation) -> str:
    # each translation of a title was touched at a slightly different moment
    minutes = translation.id % 50
    return (title.updated_at - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def kodik_item(
    title: DemoTitle,
    translation: Translation,
    *,
    public_url: str,
    with_episodes: bool = False,
    with_episodes_data: bool = False,
    with_material_data: bool = False,
) -> dict[str, Any]:
    base = media_base(public_url)
    quality = _QUALITIES[(title.shikimori_id + translation.id) % len(_QUALITIES)]
    resolution = "1080p" if "1080p" in quality else "720p"
    kodik_id = title.kodik_serial_id * 10_000 + translation.id
    kind = "video" if title.is_movie else "serial"
    item: dict[str, Any] = {
        "id": f"{'movie' if title.is_movie else 'serial'}-{kodik_id}",
        "type": "anime" if title.is_movie else "anime-serial",
        "link": f"{base}/{kind}/{kodik_id}/{player_hash(kind, kodik_id)}/{resolution}",
        "title": title.russian,
        "title_orig": title.name,
        "other_title": title.japanese or "",
        "translation": {"id": translation.id, "title": translation.title, "type": translation.type},
        "year": title.year,
        "kinopoisk_id": str(1_000_000 + title.shikimori_id),
        "imdb_id": f"tt{title.shikimori_id:07d}",
        "worldart_link": f"http://www.world-art.ru/animation/animation.php?id={title.shikimori_id}",
        "quality": quality,
        "camrip": False,
        "lgbt": False,
        "blocked_countries": list(translation.blocked_countries),
        "blocked_seasons": {},
        "created_at": "2020-01-01T00:00:00Z",
        "updated_at": _stamp(title, translation),
        "screenshots": [f"{base}/screenshots/{kodik_id}/1.svg"],
    }
    if title.has_shikimori_id:
        item["shikimori_id"] = str(title.shikimori_id)
    if not title.is_movie:
        regular = [s for s in title.seasons if s > 0]
        item["last_season"] = max(regular) if regular else 0
        item["last_episode"] = title.seasons.get(item["last_season"], 0)
        item["episodes_count"] = sum(title.seasons.values())
        if with_episodes or with_episodes_data:
            seasons: dict[str, Any] = {}
            for season, count in sorted(title.seasons.items()):
                season_value: dict[str, Any] = {
                    "link": f"{base}/season/{kodik_id}{season}/{player_hash('season', kodik_id, season)}/{resolution}",
                }
                if season in title.season_titles:
                    season_value["title"] = title.season_titles[season]
                episodes: dict[str, Any] = {}
                for number in range(1, count + 1):
                    seria = kodik_id * 1_000 + season * 100 + number
                    link = f"{base}/seria/{seria}/{player_hash('seria', seria)}/{resolution}"
                    if with_episodes_data:
                        episodes[str(number)] = {
                            "title": title.episode_titles.get((season, number)),
                            "link": link,
                            "screenshots": [f"{base}/screenshots/{seria}/1.svg"],
                        }
                    else:
                        episodes[str(number)] = link
                season_value["episodes"] = episodes
                seasons[str(season)] = season_value
            item["seasons"] = seasons
    if with_material_data and title.has_shikimori_id:
        item["material_data"] = {
            "title": title.russian,
            "anime_title": title.russian,
            "title_en": title.english or title.name,
            "anime_kind": title.kind,
            "anime_status": title.status,
            "all_status": title.status,
            "shikimori_id": str(title.shikimori_id),
            "shikimori_rating": 7.5,
            "shikimori_votes": 1000 + title.shikimori_id % 5000,
            "poster_url": f"{public_url.rstrip('/')}/posters/{title.shikimori_id}.svg",
            "anime_poster_url": f"{public_url.rstrip('/')}/posters/{title.shikimori_id}.svg",
            "anime_genres": [g["russian"] for g in genre_objects(title)],
            "episodes_total": title.episode_total,
            "episodes_aired": title.episode_total if title.status == "released" else max(title.episode_total - 2, 1),
            "year": title.year,
        }
    return item


def rest_anime(title: DemoTitle) -> dict[str, Any]:
    path = f"/system/animes/original/{title.shikimori_id}.svg?1705345937"
    return {
        "id": title.shikimori_id,
        "name": title.name,
        "russian": title.russian,
        "image": {
            "original": path,
            "preview": path.replace("original", "preview"),
            "x96": path.replace("original", "x96"),
            "x48": path.replace("original", "x48"),
        },
        "url": f"/animes/z{title.shikimori_id}",
        "kind": title.kind,
        "score": "7.5",
        "status": title.status,
        "episodes": title.episode_total,
        "episodes_aired": title.episode_total if title.status != "anons" else 0,
        "aired_on": f"{title.year}-04-01",
        "released_on": None,
        "rating": "pg_13",
        "english": [title.english] if title.english else [],
        "japanese": [title.japanese] if title.japanese else [],
        "synonyms": [],
        "license_name_ru": None,
        "duration": 24,
        "description": title.description or None,
        "description_html": f'<div class="b-text_with_paragraphs">{title.description}</div>',
        "description_source": None,
        "franchise": None,
        "favoured": False,
        "anons": title.status == "anons",
        "ongoing": title.status == "ongoing",
        "thread_id": title.shikimori_id,
        "topic_id": title.shikimori_id,
        "myanimelist_id": title.shikimori_id,
        "rates_scores_stats": [],
        "rates_statuses_stats": [],
        "updated_at": title.updated_at.isoformat(),
        "next_episode_at": None,
        "fansubbers": [t.title for t in title.translations if t.type == "subtitles"],
        "fandubbers": [t.title for t in title.translations if t.type == "voice"],
        "licensors": [],
        "genres": genre_objects(title),
        "studios": [],
        "videos": [],
        "screenshots": [],
        "user_rate": None,
    }


def graphql_anime(title: DemoTitle, *, public_url: str) -> dict[str, Any]:
    poster = f"{public_url.rstrip('/')}/uploads/poster/animes/{title.shikimori_id}/poster.svg"
    return {
        "id": str(title.shikimori_id),
        "malId": str(title.shikimori_id),
        "name": title.name,
        "russian": title.russian,
        "licenseNameRu": None,
        "english": title.english,
        "japanese": title.japanese,
        "synonyms": [],
        "kind": title.kind,
        "status": title.status,
        "score": 7.5,
        "episodes": title.episode_total,
        "airedOn": {"year": title.year, "month": 4, "day": 1, "date": f"{title.year}-04-01"},
        "poster": {"id": str(title.shikimori_id), "originalUrl": poster, "mainUrl": poster},
        "genres": [
            {"id": str(g["id"]), "name": g["name"], "russian": g["russian"], "kind": "genre"}
            for g in genre_objects(title)
        ],
        "description": title.description or None,
    }
