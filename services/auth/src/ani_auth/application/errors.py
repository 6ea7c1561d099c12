"""Application errors. ``api/errors.py`` is the only place that turns them into HTTP responses."""

from __future__ import annotations

__all__ = [
    "AccountDisabledError",
    "AdminAlreadyExistsError",
    "AdminInactiveError",
    "AdminNotFoundError",
    "ApplicationError",
    "CannotDisableSelfError",
    "EmailAlreadyRegisteredError",
    "IncorrectPasswordError",
    "InvalidAdminCredentialsError",
    "InvalidCredentialsError",
    "InvalidRefreshTokenError",
    "PrincipalUnavailableError",
    "RateLimitedError",
    "SessionNotFoundError",
    "UserNotFoundError",
]


class ApplicationError(Exception):
    """Base of every auth application error."""


class EmailAlreadyRegisteredError(ApplicationError):
    pass


class InvalidCredentialsError(ApplicationError):
    """Unknown email or wrong password (indistinguishable on purpose)."""


class AccountDisabledError(ApplicationError):
    """Correct password, but the account is disabled."""


class InvalidAdminCredentialsError(ApplicationError):
    pass


class AdminInactiveError(ApplicationError):
    pass


class InvalidRefreshTokenError(ApplicationError):
    """No usable session matches the presented refresh token."""


class PrincipalUnavailableError(ApplicationError):
    """A valid access token whose principal no longer exists or is disabled."""


class SessionNotFoundError(ApplicationError):
    pass


class IncorrectPasswordError(ApplicationError):
    """The current password given to a password change is wrong."""


class UserNotFoundError(ApplicationError):
    pass


class AdminNotFoundError(ApplicationError):
    pass


class CannotDisableSelfError(ApplicationError):
    """An admin may not disable their own account (the panel would lock its last admin out)."""


class AdminAlreadyExistsError(ApplicationError):
    def __init__(self, field: str) -> None:
        super().__init__(f"An admin with this {field} already exists")
        self.field = field


class RateLimitedError(ApplicationError):
    """Over a rate limit. ``detail`` is the adapter's result object (the API layer renders it)."""

    def __init__(self, detail: object, *, message: str | None = None) -> None:
        super().__init__("rate limit exceeded")
        self.detail = detail
        #: replaces the rule's text (``5 per 1 minute``) in the response, e.g. for the login backoff
        self.message = message
