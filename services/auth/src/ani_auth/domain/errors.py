"""Domain errors: plain exceptions, no HTTP knowledge."""

from __future__ import annotations

__all__ = ["DomainError", "PasswordPolicyError"]


class DomainError(Exception):
    """Base of every auth domain error."""


class PasswordPolicyError(DomainError, ValueError):
    """A new password breaks the policy (the message says which rule)."""
