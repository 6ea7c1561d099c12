"""Application errors of the read side (mapped to HTTP in ``api``)."""

from __future__ import annotations

__all__ = ["ReadModelCorruptError", "ReadModelNotFoundError", "ReadModelUnavailableError"]


class ReadModelUnavailableError(Exception):
    """The read-model store cannot be reached (→ 503 with ``Retry-After``)."""


class ReadModelCorruptError(Exception):
    """A stored value is not a read model (→ 500, logged)."""


class ReadModelNotFoundError(Exception):
    """The model was never projected (→ 404 with the model's contract message)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
