"""Query: the genre facet of the catalog (every genre of the active catalog with its number of titles)."""

from __future__ import annotations

from ani_read.application.errors import ReadModelNotFoundError
from ani_read.application.get_catalog_page import CATALOG_NOT_AVAILABLE
from ani_read.application.ports import ModelBytes, ReadModelStore

__all__ = ["get_genres"]


async def get_genres(store: ReadModelStore) -> ModelBytes:
    model = await store.genres()
    if model is None:
        raise ReadModelNotFoundError(CATALOG_NOT_AVAILABLE)
    return model
