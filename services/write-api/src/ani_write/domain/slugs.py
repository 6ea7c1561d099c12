"""Readable, stable URL slugs. Non-Latin titles are transliterated (``Наруто`` → ``naruto``); never empty."""

from __future__ import annotations

from slugify import slugify

__all__ = ["FALLBACK_SLUG", "MAX_SLUG_LENGTH", "base_slug", "slug_candidates"]

MAX_SLUG_LENGTH = 80
FALLBACK_SLUG = "anime"


def base_slug(title: str) -> str:
    slug = slugify(title, max_length=MAX_SLUG_LENGTH, word_boundary=True)
    return slug or FALLBACK_SLUG


def slug_candidates(base: str, start: int = 0, count: int = 25) -> list[str]:
    """Candidates ``base``, ``base-2``, ``base-3``…: the ``count`` of them from position ``start``."""
    return [base if position == 0 else f"{base}-{position + 1}" for position in range(start, start + count)]
