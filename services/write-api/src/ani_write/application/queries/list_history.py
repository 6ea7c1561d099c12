"""One page of the caller's history (newest first); ``before`` pages further back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ani_write.application.models import HistoryEntry
from ani_write.application.ports import UserDataQueries

__all__ = ["ListHistory", "ListHistoryHandler"]


@dataclass(frozen=True, slots=True)
class ListHistory:
    user_id: int
    provider: str
    limit: int = 50
    before: datetime | None = None


class ListHistoryHandler:
    def __init__(self, queries: UserDataQueries) -> None:
        self._queries = queries

    async def __call__(self, query: ListHistory) -> list[HistoryEntry]:
        return await self._queries.history(query.user_id, query.provider, query.limit, query.before)
