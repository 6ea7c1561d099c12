"""Password policy: at least 8 characters, at most 72 bytes in UTF-8 (bcrypt's limit, never truncated silently)."""

from __future__ import annotations

from ani_auth.domain.errors import PasswordPolicyError

__all__ = ["MAX_PASSWORD_BYTES", "MIN_PASSWORD_LENGTH", "check_new_password", "check_password_length"]

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72

TOO_LONG = f"Password must be at most {MAX_PASSWORD_BYTES} bytes in UTF-8"
TOO_SHORT = f"Password must be at least {MIN_PASSWORD_LENGTH} characters"


def check_password_length(password: str) -> str:
    """Any password bcrypt can check (login): at most 72 UTF-8 bytes."""
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise PasswordPolicyError(TOO_LONG)
    return password


def check_new_password(password: str) -> str:
    """A password being set (register, change, admin creation)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(TOO_SHORT)
    return check_password_length(password)
