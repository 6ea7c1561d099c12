"""Application errors (no HTTP knowledge; ``api/errors.py`` maps them to contract errors)."""

from __future__ import annotations

__all__ = [
    "AmbiguousEpisodeError",
    "AnimeNotFoundError",
    "ApplicationError",
    "CatalogConflictError",
    "EpisodeNotFoundError",
    "HistoryEntryNotFoundError",
    "LibraryItemNotFoundError",
    "RebuildJobNotFoundError",
    "SlugUnavailableError",
    "UserDataLimitError",
    "VideoSourceNotFoundError",
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
    """The message is the contract's: ``Anime not found: <slug>``, ``Anime not found: <source>/<id>``, or
    ``Anime not found`` (admin routes, by id)."""

    def __init__(self, reference: str | None = None) -> None:
        super().__init__(f"Anime not found: {reference}" if reference is not None else "Anime not found")


class EpisodeNotFoundError(ApplicationError):
    def __init__(self, reference: str | None = None) -> None:
        super().__init__(f"Episode not found: {reference}" if reference is not None else "Episode not found")


class VideoSourceNotFoundError(ApplicationError):
    def __init__(self) -> None:
        super().__init__("Video source not found")


class RebuildJobNotFoundError(ApplicationError):
    def __init__(self) -> None:
        super().__init__("Rebuild job not found")


class CatalogConflictError(ApplicationError):
    """A unique key of the catalog is already taken (slug, episode source id, video source). The failed statement
    aborted its transaction: the unit of work rolls back, and nothing of the request is written."""


class AmbiguousEpisodeError(ApplicationError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"Episode is ambiguous: {reference} exists under several anime; pass anime_source_id")


class SlugUnavailableError(ApplicationError):
    def __init__(self) -> None:
        super().__init__("Could not allocate a unique slug")


class UserDataLimitError(ApplicationError):
    """The write would add a row past one of the user's caps (:mod:`ani_write.domain.limits`)."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"Limit reached: at most {limit} {what} per user")
