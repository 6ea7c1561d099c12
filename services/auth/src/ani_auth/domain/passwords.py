"""Password policy: at least 8 characters, at most 72 bytes in UTF-8 (bcrypt's limit, never truncated silently), and
not one of the common passwords every guessing attack tries first.

The common passwords are ``common-passwords.txt.gz`` beside this module: the 8,354 entries of at least 8 characters
(lower-cased) of the 20,000-password list Django ships as ``django/contrib/auth/common-passwords.txt.gz`` (Royce
Williams' list, BSD-licensed with Django). Shorter entries are already refused by the length rule. The check is local
(no network) and case-insensitive, after trimming surrounding whitespace, as Django's ``CommonPasswordValidator``.
"""

from __future__ import annotations

import functools
import gzip
from importlib import resources

from ani_auth.domain.errors import PasswordPolicyError

__all__ = [
    "COMMON_PASSWORD",
    "MAX_PASSWORD_BYTES",
    "MIN_PASSWORD_LENGTH",
    "check_new_password",
    "check_password_length",
    "common_passwords",
    "is_common_password",
]

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72

TOO_LONG = f"Password must be at most {MAX_PASSWORD_BYTES} bytes in UTF-8"
TOO_SHORT = f"Password must be at least {MIN_PASSWORD_LENGTH} characters"
COMMON_PASSWORD = "Password is too common; choose one that is not on lists of frequently used passwords"  # noqa: S105


@functools.cache
def common_passwords() -> frozenset[str]:
    """The packaged list, read once per process."""
    data = resources.files("ani_auth.domain").joinpath("common-passwords.txt.gz").read_bytes()
    return frozenset(line for line in gzip.decompress(data).decode("utf-8").splitlines() if line)


def is_common_password(password: str) -> bool:
    return password.strip().lower() in common_passwords()


def check_password_length(password: str) -> str:
    """Any password bcrypt can check (login): at most 72 UTF-8 bytes."""
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise PasswordPolicyError(TOO_LONG)
    return password


def check_new_password(password: str) -> str:
    """A password being set (register, change, admin creation)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(TOO_SHORT)
    check_password_length(password)
    if is_common_password(password):
        raise PasswordPolicyError(COMMON_PASSWORD)
    return password
