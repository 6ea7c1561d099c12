"""Query: one of the caller's models (library, progress, last history entry) for one provider."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from ani_common.readmodels import keys
from ani_read.application.errors import ReadModelNotFoundError
from ani_read.application.ports import ModelBytes, ReadModelStore

__all__ = ["UserModel", "get_user_model"]


class UserModel(Enum):
    LIBRARY = ("Library read model not available", keys.user_library)
    PROGRESS = ("Progress read model not available", keys.user_progress)
    HISTORY_LAST = ("History read model not available", keys.user_history_last)

    def __init__(self, not_found: str, key: Callable[[int, str], str]) -> None:
        self.not_found = not_found
        self.key = key


async def get_user_model(store: ReadModelStore, model: UserModel, user_id: int, provider: str) -> ModelBytes:
    stored: ModelBytes | None
    if model is UserModel.LIBRARY:  # the catalog is joined at read time
        stored = await store.library(user_id, provider)
    elif model is UserModel.PROGRESS:  # assembled from the per-title models
        stored = await store.progress(user_id, provider)
    else:
        stored = await store.get(model.key(user_id, provider))
    if stored is None:
        raise ReadModelNotFoundError(model.not_found)
    return stored
