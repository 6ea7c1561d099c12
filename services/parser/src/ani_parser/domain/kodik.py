"""Kodik mapping rules: listing items → Shikimori ids; ``/search`` results → episodes with playable sources.

Real shapes (Kodik ``/search`` with ``with_episodes=true``, as the real API answers it): a serial's ``seasons`` maps a
season number to ``{"link": ..., "title"?: ..., "episodes": {"<n>": "<link>" | {"link", "title", "screenshots"}}}``;
a movie (``type: "anime"`` and other non-serial types) has no ``seasons`` and its only player is the item ``link``.
One result per translation; episodes of all translations are merged on (season, number).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ani_parser.domain.models import EpisodePayload, TranslationType, VideoPayload
from ani_parser.domain.priority import TranslationPreference, quality_of
from ani_parser.domain.urls import normalize_media_url

__all__ = ["ListedItem", "episodes_from_search", "listed_item", "shikimori_id_of", "title_from_kodik"]


def _positive_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
        return number if number > 0 else None
    return None


def _non_negative_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def shikimori_id_of(item: Mapping[str, Any]) -> int | None:
    """``material_data.shikimori_id`` first, then the top-level ``shikimori_id`` (a string in real responses)."""
    material = item.get("material_data")
    if isinstance(material, Mapping):
        found = _positive_int(material.get("shikimori_id"))
        if found is not None:
            return found
    return _positive_int(item.get("shikimori_id"))


@dataclass(frozen=True, slots=True)
class ListedItem:
    shikimori_id: int | None
    updated_at: str | None
    title: str | None


def listed_item(item: Mapping[str, Any]) -> ListedItem:
    updated = item.get("updated_at")
    title = item.get("title")
    return ListedItem(
        shikimori_id=shikimori_id_of(item),
        updated_at=updated if isinstance(updated, str) and updated else None,
        title=title if isinstance(title, str) else None,
    )


@dataclass(frozen=True, slots=True)
class _Translation:
    id: str | None
    title: str | None
    type: TranslationType | None


def _translation(item: Mapping[str, Any]) -> _Translation:
    raw = item.get("translation")
    if not isinstance(raw, Mapping):
        return _Translation(None, None, None)
    tid = raw.get("id")
    title = raw.get("title")
    ttype = raw.get("type")
    return _Translation(
        id=str(tid) if isinstance(tid, (int, str)) and not isinstance(tid, bool) and str(tid) else None,
        title=title.strip() if isinstance(title, str) and title.strip() else None,
        type="voice" if ttype == "voice" else "subtitles" if ttype == "subtitles" else None,
    )


def _with_episode_query(link: str, season: int, number: int) -> str:
    separator = "&" if "?" in link else "?"
    return f"{link}{separator}season={season}&episode={number}&only_episode=true"


def _is_serial(item: Mapping[str, Any]) -> bool:
    kind = item.get("type")
    return (isinstance(kind, str) and kind.endswith("-serial")) or isinstance(item.get("seasons"), Mapping)


def _iter_episode_links(item: Mapping[str, Any]) -> Iterable[tuple[int, int, str, str | None]]:
    """(season, number, playable link, episode title) for every episode of one translation."""
    seasons = item.get("seasons")
    item_link = normalize_media_url(item.get("link"))
    if not isinstance(seasons, Mapping):
        if not _is_serial(item) and item_link is not None:
            yield 1, 1, item_link, None  # a movie is one episode
        return
    for season_key, season_value in seasons.items():
        season = _non_negative_int(season_key)
        if season is None or not isinstance(season_value, Mapping):
            continue
        season_link = normalize_media_url(season_value.get("link")) or item_link
        episodes = season_value.get("episodes")
        if not isinstance(episodes, Mapping):
            # older shape: the season maps numbers straight to {"title": ...} without per-episode links
            episodes = {k: v for k, v in season_value.items() if k not in {"link", "title"}}
        for ep_key, ep_value in episodes.items():
            number = _non_negative_int(ep_key)
            if number is None:
                continue
            title: str | None = None
            link: str | None
            if isinstance(ep_value, str):
                link = normalize_media_url(ep_value)
            elif isinstance(ep_value, Mapping):
                link = normalize_media_url(ep_value.get("link"))
                raw_title = ep_value.get("title")
                title = raw_title.strip() if isinstance(raw_title, str) and raw_title.strip() else None
            else:
                continue
            if link is None and season_link is not None:
                link = _with_episode_query(season_link, season, number)
            if link is not None:
                yield season, number, link, title


def episodes_from_search(
    results: Iterable[Mapping[str, Any]],
    *,
    shikimori_id: int,
    preference: TranslationPreference,
    player_name: str = "kodik",
) -> list[EpisodePayload]:
    """Merge every translation's episodes on (season, number); one ``iframe`` source per translation and episode."""
    episodes: dict[tuple[int, int], EpisodePayload] = {}
    seen_urls: dict[tuple[int, int], set[str]] = {}
    for item in results:
        if not isinstance(item, Mapping) or shikimori_id_of(item) not in (None, shikimori_id):
            continue
        translation = _translation(item)
        blocked = item.get("blocked_countries")
        geo_blocked = isinstance(blocked, list) and len(blocked) > 0
        camrip = item.get("camrip") is True
        for season, number, link, title in _iter_episode_links(item):
            key = (season, number)
            episode = episodes.get(key)
            if episode is None:
                episode = EpisodePayload(
                    source_episode_id=f"{shikimori_id}:{season}:{number}", number=number, season=season, title=title
                )
                episodes[key] = episode
                seen_urls[key] = set()
            elif episode.title is None and title is not None:
                episode.title = title
            if link in seen_urls[key]:
                continue
            seen_urls[key].add(link)
            quality = quality_of(item.get("quality"), link)
            episode.videos.append(
                VideoPayload(
                    url=link,
                    priority=preference.priority(
                        translation_type=translation.type,
                        translation_id=translation.id,
                        quality=quality,
                        camrip=camrip,
                        geo_blocked=geo_blocked,
                    ),
                    source_name=player_name,
                    translation_id=translation.id,
                    translation_title=translation.title,
                    translation_type=translation.type,
                    quality=quality,
                )
            )
    for episode in episodes.values():
        episode.videos.sort(key=lambda v: -v.priority)
    return [episodes[key] for key in sorted(episodes)]


def title_from_kodik(results: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Fallback metadata from Kodik itself (``material_data`` or the item) for an id Shikimori does not know."""
    for item in results:
        material = item.get("material_data")
        material = material if isinstance(material, Mapping) else {}
        title = material.get("anime_title") or material.get("title") or item.get("title")
        if not isinstance(title, str) or not title.strip():
            continue
        alternatives = list(
            dict.fromkeys(
                t.strip()
                for t in (material.get("title_en"), item.get("title_orig"), item.get("other_title"))
                if isinstance(t, str) and t.strip() and t.strip() != title.strip()
            )
        )
        year = item.get("year") or material.get("year")
        status = material.get("anime_status") or material.get("all_status")
        genres = material.get("anime_genres") or material.get("genres")
        return {
            "russian": title.strip(),
            "english": alternatives,
            "aired_on": f"{year}-01-01" if isinstance(year, int) else None,
            "status": status if isinstance(status, str) else None,
            "image": material.get("anime_poster_url") or material.get("poster_url"),
            "description": material.get("anime_description") or material.get("description"),
            "genres": [g for g in genres if isinstance(g, str)] if isinstance(genres, list) else [],
        }
    return None
