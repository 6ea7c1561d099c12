"""Read models as the projector would build them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from ani_common.readmodels.shapes import AnimeDetail, CatalogItem, Episode, VideoSource

T0 = datetime(2026, 11, 26, 6, 40, 27, 59931, tzinfo=UTC)


def catalog_item(slug: str, title: str, **changes: object) -> CatalogItem:
    fields: dict[str, object] = {
        "id": uuid.uuid5(uuid.NAMESPACE_URL, slug),
        "slug": slug,
        "title": title,
        "poster": f"https://img.example/{slug}.jpg",
        "year": 2020,
        "status": "ongoing",
        "genres": ("Action",),
        "alternative_titles": (),
        "last_updated": T0,
    }
    fields.update(changes)
    return CatalogItem(**fields)  # type: ignore[arg-type]


def anime_detail(slug: str, title: str, episodes: int = 2) -> AnimeDetail:
    return AnimeDetail(
        id=uuid.uuid5(uuid.NAMESPACE_URL, slug),
        slug=slug,
        title=title,
        description="Описание",
        year=2020,
        status="ongoing",
        poster=None,
        genres=("Action",),
        alternative_titles=("Alt",),
        episodes=tuple(
            Episode(
                id=uuid.uuid5(uuid.NAMESPACE_URL, f"{slug}/{number}"),
                number=number,
                season=1,
                title=None,
                video_sources=(
                    VideoSource(
                        id=uuid.uuid5(uuid.NAMESPACE_URL, f"{slug}/{number}/a"),
                        type="iframe",
                        url="https://player.example/a",
                        source_name="kodik",
                        priority=1,
                    ),
                    VideoSource(
                        id=uuid.uuid5(uuid.NAMESPACE_URL, f"{slug}/{number}/b"),
                        type="m3u8",
                        url="https://player.example/b.m3u8",
                        source_name="kodik",
                        priority=5,
                    ),
                ),
            )
            for number in range(1, episodes + 1)
        ),
        last_updated=T0 + timedelta(minutes=1),
    )
