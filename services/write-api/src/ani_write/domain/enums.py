"""Enumerations of the write-api domain (values are the contract's strings)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["AnimeStatus", "LibraryStatus", "TranslationType", "VideoType"]


class LibraryStatus(StrEnum):
    WATCHING = "watching"
    PLANNED = "planned"
    COMPLETED = "completed"
    DROPPED = "dropped"
    ON_HOLD = "on_hold"
    REWATCHING = "rewatching"


class AnimeStatus(StrEnum):
    ONGOING = "ongoing"
    COMPLETED = "completed"
    UPCOMING = "upcoming"


class VideoType(StrEnum):
    IFRAME = "iframe"
    EMBED = "embed"
    M3U8 = "m3u8"
    MP4 = "mp4"


class TranslationType(StrEnum):
    VOICE = "voice"
    SUBTITLES = "subtitles"
