"""Query: the caller's state of one title (library row, chosen translation, progress rows) for one provider."""

from __future__ import annotations

from ani_read.application.ports import ModelBytes, ReadModelStore

__all__ = ["get_title_state"]


async def get_title_state(store: ReadModelStore, user_id: int, provider: str, title_id: str) -> ModelBytes:
    """Always a model: a title the caller never touched gives ``library: null, progress: []``."""
    return await store.title(user_id, provider, title_id)
