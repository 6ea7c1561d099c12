"""Query: the caller's "continue watching" row (titles with progress to resume, newest first)."""

from __future__ import annotations

from ani_read.application.ports import ModelBytes, ReadModelStore

__all__ = ["CONTINUE_DEFAULT_LIMIT", "CONTINUE_MAX_LIMIT", "get_continue_watching"]

CONTINUE_DEFAULT_LIMIT = 20
CONTINUE_MAX_LIMIT = 50


async def get_continue_watching(store: ReadModelStore, user_id: int, provider: str, limit: int) -> ModelBytes:
    return await store.continue_watching(user_id, provider, limit)
