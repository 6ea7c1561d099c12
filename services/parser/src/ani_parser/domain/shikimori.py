"""Shikimori anime (REST ``/api/animes/{id}`` or GraphQL ``animes``) → the title part of an import payload.

The catalog UI is Russian: the primary title is ``russian`` (falling back to the romaji ``name``, then English);
the romaji, English, Japanese and synonym titles are kept as alternative titles. Genres use their Russian
names (English when a genre has none). Descriptions lose their BBCode. Relative image paths are resolved
against the configured Shikimori site URL; Shikimori's "missing" placeholder is no poster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ani_parser.domain.models import TitlePayload
from ani_parser.domain.text import markup_to_text
from ani_parser.domain.urls import normalize_media_url

__all__ = ["STATUS_MAP", "YEAR_RANGE", "title_from_shikimori"]

STATUS_MAP = {"ongoing": "ongoing", "released": "completed", "anons": "upcoming"}
YEAR_RANGE = range(1900, 2101)
_YEAR = re.compile(r"^(\d{4})")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _clean(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _unique(values: Iterable[str], *, exclude: str) -> list[str]:
    seen = {exclude.casefold()}
    out: list[str] = []
    for value in values:
        text = value.strip()
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out


def _year(anime: Mapping[str, Any]) -> int | None:
    aired = anime.get("airedOn")
    candidate: object = None
    if isinstance(aired, Mapping):
        candidate = aired.get("year") or aired.get("date")
    if candidate is None:
        candidate = anime.get("aired_on")
    year: int | None = None
    if isinstance(candidate, int) and not isinstance(candidate, bool):
        year = candidate
    elif isinstance(candidate, str) and (match := _YEAR.match(candidate)):
        year = int(match.group(1))
    return year if year in YEAR_RANGE else None


def _poster(anime: Mapping[str, Any], site_url: str) -> str | None:
    raw: object = None
    poster = anime.get("poster")
    if isinstance(poster, Mapping):
        raw = poster.get("originalUrl") or poster.get("mainUrl")
    image = anime.get("image")
    if raw is None and isinstance(image, Mapping):
        raw = image.get("original") or image.get("preview") or image.get("x96")
    elif raw is None:
        raw = image
    if not isinstance(raw, str) or not raw.strip() or "/missing" in raw:
        return None
    url = raw.strip()
    if url.startswith("/") and not url.startswith("//"):
        url = site_url.rstrip("/") + url
    return normalize_media_url(url)


def _genres(anime: Mapping[str, Any]) -> list[str] | None:
    names: list[str] = []
    raw = anime.get("genres")
    for genre in raw if isinstance(raw, list) else []:
        if isinstance(genre, Mapping):
            if genre.get("kind") not in (None, "genre", "theme", "demographic"):
                continue
            name = _clean(genre.get("russian")) or _clean(genre.get("name"))
        else:
            name = _clean(genre)
        if name is not None and name not in names:
            names.append(name)
    return names or None


def title_from_shikimori(anime: Mapping[str, Any], *, site_url: str) -> TitlePayload | None:
    """``None`` when the entry has no usable title at all (nothing to show in the catalog)."""
    source_id = anime.get("id")
    if isinstance(source_id, bool) or not isinstance(source_id, (int, str)) or not str(source_id).strip():
        return None
    russian = _clean(anime.get("russian")) or _clean(anime.get("licenseNameRu")) or _clean(anime.get("license_name_ru"))
    name = _clean(anime.get("name"))
    english = _strings(anime.get("english"))
    japanese = _strings(anime.get("japanese"))
    synonyms = _strings(anime.get("synonyms"))
    title = russian or name or next((e.strip() for e in english if e.strip()), None)
    if title is None:
        return None
    alternatives = _unique([*(t for t in (russian, name) if t), *english, *japanese, *synonyms], exclude=title)
    description = markup_to_text(anime.get("description"))
    if description is None:
        description = markup_to_text(anime.get("descriptionHtml") or anime.get("description_html"))
    status = anime.get("status")
    return TitlePayload(
        source_id=str(source_id).strip(),
        title=title,
        alternative_titles=alternatives or None,
        description=description,
        year=_year(anime),
        status=STATUS_MAP.get(status) if isinstance(status, str) else None,
        poster=_poster(anime, site_url),
        genres=_genres(anime),
    )
