"""Query: the detail read model of one anime."""

from __future__ import annotations

from ani_common.readmodels import keys
from ani_read.application.errors import ReadModelNotFoundError
from ani_read.application.ports import ModelBytes, ReadModelStore

__all__ = ["ANIME_NOT_FOUND", "get_anime_detail"]

ANIME_NOT_FOUND = "Anime not found in read model"
MAX_SLUG_LENGTH = 255


async def get_anime_detail(store: ReadModelStore, slug: str) -> ModelBytes:
    if not slug or len(slug) > MAX_SLUG_LENGTH:
        raise ReadModelNotFoundError(ANIME_NOT_FOUND)
    model = await store.get(keys.anime_detail(slug))
    if model is None:
        raise ReadModelNotFoundError(ANIME_NOT_FOUND)
    return model
