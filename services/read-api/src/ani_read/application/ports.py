"""Ports of the read side: the store of projected read models."""

from __future__ import annotations

from typing import Protocol

from ani_common.readmodels.catalog import CatalogQuery

__all__ = ["CatalogPageBytes", "ModelBytes", "ReadModelStore"]


class ModelBytes(Protocol):
    """A stored model: the exact JSON bytes and their precomputed strong ETag (quoted)."""

    @property
    def body(self) -> bytes: ...

    @property
    def etag(self) -> bytes: ...


class CatalogPageBytes(ModelBytes, Protocol):
    @property
    def total(self) -> int: ...


class ReadModelStore(Protocol):
    """Raises :class:`~ani_read.application.errors.ReadModelUnavailableError` when the store cannot be reached and
    :class:`~ani_read.application.errors.ReadModelCorruptError` for a value that is not a read model."""

    async def get(self, key: str) -> ModelBytes | None: ...

    async def catalog_page(self, query: CatalogQuery) -> CatalogPageBytes | None: ...

    async def library(self, user_id: int, provider: str) -> ModelBytes | None:
        """The viewer's library with the catalog joined now, or ``None`` when it was never projected."""
        ...

    async def progress(self, user_id: int, provider: str) -> ModelBytes | None:
        """Every progress row of the viewer, or ``None`` when nothing of the viewer was ever projected."""
        ...

    async def title(self, user_id: int, provider: str, title_id: str) -> ModelBytes:
        """The viewer's model of one title (an empty one for a title the viewer never touched)."""
        ...

    async def continue_watching(self, user_id: int, provider: str, limit: int) -> ModelBytes:
        """The viewer's "continue watching" row (at most ``limit`` titles)."""
        ...

    async def genres(self) -> ModelBytes | None:
        """The genre facet of the catalog, or ``None`` when the catalog was never projected."""
        ...
