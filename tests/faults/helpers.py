"""Clients, accounts and bounded polling for the fault tests."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import orjson
from redis.asyncio import Redis

from tests.soak.load import user_id_of

T = TypeVar("T")
PASSWORD = "fault tests passphrase 9"
DURATION = 1440.0

#: every client its own loopback address: per-IP limits (5 registrations a minute) see distinct clients
_addresses = (f"127.70.{b}.{c}" for b, c in itertools.product(range(1, 255), range(1, 255)))


def client(base_url: str, timeout: float = 10.0) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(local_address=next(_addresses))
    return httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport)


@dataclass
class Viewer:
    user_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def register(gateway_url: str) -> Viewer:
    async with client(gateway_url) as http:
        body = {"email": f"fault-{uuid.uuid4().hex[:12]}@example.org", "password": PASSWORD}
        response = await http.post("/api/v1/auth/register", json=body)
        assert response.status_code == 201, response.text
        token = response.json()["access_token"]
        return Viewer(user_id_of(token), token)


async def title_with_episodes(http: httpx.AsyncClient) -> tuple[str, list[str]]:
    page = (await http.get("/api/read/anime", params={"limit": 20})).json()
    for item in page["items"] if isinstance(page, dict) else page:
        detail = await http.get(f"/api/read/anime/{item['slug']}")
        episodes = [str(episode["id"]) for episode in detail.json().get("episodes", [])]
        if len(episodes) >= 2:
            return item["slug"], episodes
    raise AssertionError("the seeded catalog has no title with two episodes")


def progress_body(slug: str, position: float) -> dict[str, Any]:
    return {"title_id": slug, "position_seconds": position, "duration_seconds": DURATION}


async def projected_positions(redis_url: str, user_id: int, slug: str) -> dict[str, float]:
    redis = Redis.from_url(redis_url)
    try:
        body = await redis.hget(f"user:{user_id}:title:rpc:{slug}", "json")
    finally:
        await redis.aclose()
    if body is None:
        return {}
    return {entry["episode_id"]: float(entry["position_seconds"]) for entry in orjson.loads(body)["progress"]}


async def eventually(
    probe: Callable[[], Awaitable[T]], accept: Callable[[T], bool], *, timeout: float, what: str
) -> tuple[T, float]:
    """Poll `probe` until `accept` holds; the value and the seconds it took (AssertionError after `timeout`)."""
    started = time.monotonic()
    while True:
        try:
            value = await probe()
        except (httpx.HTTPError, OSError) as exc:
            value = exc  # type: ignore[assignment]
        else:
            if accept(value):
                return value, time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{what} not reached within {timeout}s; last value: {value!r}")
        await asyncio.sleep(0.1)
