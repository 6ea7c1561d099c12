"""Application errors (no HTTP knowledge; ``api/errors.py`` maps them to contract errors)."""

from __future__ import annotations

__all__ = [
    "AmbiguousEpisodeError",
    "AnimeNotFoundError",
    "ApplicationError",
    "EpisodeNotFoundError",
    "HistoryEntryNotFoundError",
    "LibraryItemNotFoundError",
    "SlugUnavailableError",
]


class ApplicationError(Exception):
    pass


class LibraryItemNotFoundError(ApplicationError):
    def __init__(self) -> None:
        super().__init__("Library item not found")


class HistoryEntryNotFoundError(ApplicationError):
    def __init__(self) -> None:
        super().__init__("History entry not found")


class AnimeNotFoundError(ApplicationError):
    """The message is the contract's: ``Anime not found: <slug>`` or ``Anime not found: <source>/<id>``."""

    def __init__(self, reference: str) -> None:
        super().__init__(f"Anime not found: {reference}")


class EpisodeNotFoundError(ApplicationError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"Episode not found: {reference}")


class AmbiguousEpisodeError(ApplicationError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"Episode is ambiguous: {reference} exists under several anime; pass anime_source_id")


class SlugUnavailableError(ApplicationError):
    def __init__(self) -> None:
        super().__init__("Could not allocate a unique slug")
