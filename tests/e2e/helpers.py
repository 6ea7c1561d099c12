"""Small client-side helpers of the whole-stack suite: accounts, tokens, contract assertions, bounded polling."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

PASSWORD = "correct horse battery"
T = TypeVar("T")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def unique_email() -> str:
    return f"user-{uuid.uuid4().hex[:12]}@example.org"


@dataclass
class Account:
    email: str
    password: str
    access_token: str
    client: httpx.AsyncClient

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


async def register(client: httpx.AsyncClient, email: str | None = None, password: str = PASSWORD) -> Account:
    email = email or unique_email()
    response = await client.post("/api/v1/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    return Account(email, password, response.json()["access_token"], client)


#: A 404 may keep the replaced system's `HTTP_ERROR` code or use `NOT_FOUND` (docs/contract.md 1).
NOT_FOUND_CODES = frozenset({"NOT_FOUND", "HTTP_ERROR"})


def assert_error(
    response: httpx.Response, status: int, code: str | frozenset[str], message: str | None = None
) -> dict[str, Any]:
    """The contract's error envelope, with the request's trace id in the body and the header."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] in ({code} if isinstance(code, str) else code), error
    if message is not None:
        assert error["message"] == message, error
    assert error["trace_id"] == response.headers["x-trace-id"]
    return error


def assert_security_headers(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, dict(response.headers))


def cookie_attributes(response: httpx.Response, name: str) -> tuple[str, dict[str, str]]:
    """The value and attributes (lower-cased names) of the one Set-Cookie header for `name`."""
    headers = [h for h in response.headers.get_list("set-cookie") if h.split("=", 1)[0].strip() == name]
    assert len(headers) == 1, response.headers.get_list("set-cookie")
    first, *rest = (part.strip() for part in headers[0].split(";"))
    value = first.split("=", 1)[1]
    attributes: dict[str, str] = {}
    for part in rest:
        key, _, attr_value = part.partition("=")
        attributes[key.lower()] = attr_value
    return value, attributes


async def eventually(
    probe: Callable[[], Awaitable[T]], accept: Callable[[T], bool], *, timeout: float = 5.0, what: str = "condition"
) -> T:
    """Poll `probe` until `accept` holds (the read path catching up), at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if accept(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout}s; last value: {value!r}")
        await asyncio.sleep(0.1)
