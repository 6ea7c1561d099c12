"""Query: one page of the catalog (filters, sort, paging) as stored bytes."""

from __future__ import annotations

from ani_common.readmodels.catalog import CatalogQuery
from ani_read.application.errors import ReadModelNotFoundError
from ani_read.application.ports import CatalogPageBytes, ReadModelStore

__all__ = ["CATALOG_NOT_AVAILABLE", "get_catalog_page"]

CATALOG_NOT_AVAILABLE = "Catalog read model not available"


async def get_catalog_page(store: ReadModelStore, query: CatalogQuery) -> CatalogPageBytes:
    page = await store.catalog_page(query)
    if page is None:
        raise ReadModelNotFoundError(CATALOG_NOT_AVAILABLE)
    return page
