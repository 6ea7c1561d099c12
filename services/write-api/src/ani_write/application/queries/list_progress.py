"""The caller's progress rows for one provider (optionally one title), newest first."""

from __future__ import annotations

from dataclasses import dataclass

from ani_write.application.models import ProgressEntry
from ani_write.application.ports import UserDataQueries

__all__ = ["ListProgress", "ListProgressHandler"]


@dataclass(frozen=True, slots=True)
class ListProgress:
    user_id: int
    provider: str
    title_id: str | None = None


class ListProgressHandler:
    def __init__(self, queries: UserDataQueries) -> None:
        self._queries = queries

    async def __call__(self, query: ListProgress) -> list[ProgressEntry]:
        return await self._queries.progress(query.user_id, query.provider, query.title_id)
