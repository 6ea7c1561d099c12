"""The caller's library for one provider, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.models import LibraryItem
from ani_write.application.ports import UserDataQueries

__all__ = ["ListLibrary", "ListLibraryHandler"]


@dataclass(frozen=True, slots=True)
class ListLibrary:
    user_id: int
    provider: str
    status: str | None = None
    favorites_only: bool = False


class ListLibraryHandler:
    def __init__(self, queries: UserDataQueries) -> None:
        self._queries = queries

    async def __call__(self, query: ListLibrary) -> list[LibraryItem]:
        return await self._queries.library(query.user_id, query.provider, query.status, query.favorites_only)
