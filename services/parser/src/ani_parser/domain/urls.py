"""Media URL rules shared by every mapping: protocol-relative links become ``https:``; ``http:`` passes through
unchanged (write-api accepts it only for dev/test hosts it lists); anything else is not a playable link."""

from __future__ import annotations

import re

__all__ = ["normalize_media_url"]

_WHITESPACE = re.compile(r"\s")


def normalize_media_url(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or _WHITESPACE.search(url):
        return None
    if url.startswith("//"):
        url = "https:" + url
    lowered = url.lower()
    if lowered.startswith("https://") and len(url) > len("https://"):
        return url
    if lowered.startswith("http://") and len(url) > len("http://"):
        return url
    return None
