"""Failures the adapters report to the use case. Messages are safe to log: no tokens, no response bodies."""

from __future__ import annotations

__all__ = ["BackendAuthError", "BackendRejectedError", "BackendUnavailableError", "ProviderError"]


class ProviderError(Exception):
    """A provider call failed for good (retries exhausted, an error body, a malformed body, a cursor loop)."""


class BackendUnavailableError(Exception):
    """write-api could not be reached or kept failing (5xx, timeouts, auth) after retries."""


class BackendRejectedError(Exception):
    """write-api answered 422 for the whole batch: the payload broke the contract (a parser bug)."""


class BackendAuthError(BackendUnavailableError):
    """write-api refused the internal token (401/403): a configuration error, so the run stops at once."""
