"""Domain errors (no HTTP knowledge; ``api/errors.py`` maps them)."""

from __future__ import annotations

__all__ = ["DomainError", "InvalidProgressError"]


class DomainError(Exception):
    pass


class InvalidProgressError(DomainError):
    """Position/duration not finite, negative, or position beyond a known duration."""
