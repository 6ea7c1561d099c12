"""bcrypt (the library) off the event loop."""

from __future__ import annotations

import asyncio

import bcrypt

__all__ = ["BcryptPasswordHasher"]


class BcryptPasswordHasher:
    """Hashes with ``rounds`` (12 in production). Every call runs in a worker thread: bcrypt releases the GIL."""

    def __init__(self, rounds: int) -> None:
        self._rounds = rounds
        # A real hash of a random password at the same cost, verified when the e-mail is unknown so that the
        # response time does not tell whether an account exists.
        self._dummy = bcrypt.hashpw(bcrypt.gensalt(4).hex().encode(), bcrypt.gensalt(rounds))

    def _hash(self, password: str) -> str:
        return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(self._rounds)).decode("ascii")

    @staticmethod
    def _check(password: str, hashed: bytes) -> bool:
        try:
            return bcrypt.checkpw(password.encode("utf-8"), hashed)
        except ValueError:  # malformed hash or a password bcrypt refuses (> 72 bytes)
            return False

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hash, password)

    async def verify(self, password: str, hashed: str) -> bool:
        return await asyncio.to_thread(self._check, password, hashed.encode("ascii"))

    async def verify_dummy(self, password: str) -> None:
        await asyncio.to_thread(self._check, password, self._dummy)
