"""Media URL policy: ``https:`` only (protocol-relative ``//host/…`` becomes ``https:``).

Plain ``http:`` is allowed only for hosts listed explicitly (development and tests serve the fake player from
loopback); every other scheme (``javascript:``, ``data:``, ``ftp:``…) is refused.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

__all__ = ["InvalidMediaUrlError", "normalize_media_url", "plain_http_host"]

MAX_URL_LENGTH = 2048


class InvalidMediaUrlError(ValueError):
    pass


def normalize_media_url(url: str, insecure_hosts: Collection[str] = (), *, defer_http: bool = False) -> str:
    """The normalised URL, or :class:`InvalidMediaUrlError`. ``defer_http`` accepts any ``http:`` host (the caller
    checks it later with :func:`plain_http_host`)."""
    value = url.strip()
    if value.startswith("//"):
        value = "https:" + value
    if not value or len(value) > MAX_URL_LENGTH or any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise InvalidMediaUrlError("URL must be a non-empty absolute https URL")
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        raise InvalidMediaUrlError("URL is malformed") from None
    scheme = parts.scheme.lower()
    if not host:
        raise InvalidMediaUrlError("URL must have a host")
    if scheme == "https":
        return value
    if scheme == "http" and (defer_http or host.lower() in insecure_hosts):
        return value
    raise InvalidMediaUrlError("URL must use https")


def plain_http_host(url: str) -> str | None:
    """The lower-cased host of a plain ``http:`` URL (already normalised), else ``None``."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "http" and parts.hostname:
        return parts.hostname.lower()
    return None
