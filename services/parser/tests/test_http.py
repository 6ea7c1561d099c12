from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from ani_parser.infrastructure.http import HttpRequester, RetriesExhaustedError, RetryPolicy, redact_url
from ani_parser.infrastructure.ratelimit import RateLimiter


class Script:
    """A provider that answers from a script of (status, body, headers) and records every attempt."""

    def __init__(self, *replies: tuple[int, str, dict[str, str]] | type[Exception]) -> None:
        self.replies = list(replies)
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, type):
            raise reply("boom", request=request)  # type: ignore[call-arg]
        status, body, headers = reply
        return httpx.Response(status, text=body, headers=headers)


def requester(
    script: Script, *, retries: int = 3, limiter: RateLimiter | None = None
) -> tuple[HttpRequester, list[float]]:
    sleeps: list[float] = []

    async def sleep(delay: float) -> None:
        sleeps.append(delay)

    client = httpx.AsyncClient(transport=httpx.MockTransport(script))
    http = HttpRequester(
        client,
        name="test",
        limiter=limiter,
        policy=RetryPolicy(max_retries=retries, backoff_base=1.0, backoff_max=30.0),
        secrets=("s3cr3t-token",),
        rng=lambda: 0.5,
        sleep=sleep,
    )
    return http, sleeps


OK: tuple[int, str, dict[str, str]] = (200, '{"ok": true}', {})


async def test_retries_429_and_5xx_then_succeeds_with_jittered_backoff() -> None:
    script = Script((429, "{}", {}), (503, "{}", {}), OK)
    http, sleeps = requester(script)
    reply = await http.send("GET", "https://p.test/x")
    assert reply.data == {"ok": True}
    assert script.calls == 3
    assert sleeps == [0.75, 1.5]  # equal jitter: step/2 + rng*step/2 with steps 1 s, 2 s


async def test_retry_after_is_honoured() -> None:
    script = Script((429, "{}", {"Retry-After": "7"}), OK)
    http, sleeps = requester(script)
    await http.send("GET", "https://p.test/x")
    assert sleeps == [7.0]


async def test_timeouts_transport_errors_and_malformed_bodies_are_retried() -> None:
    script = Script(httpx.ReadTimeout, httpx.ConnectError, (200, '{"trunc', {}), OK)
    http, _ = requester(script)
    assert (await http.send("GET", "https://p.test/x")).data == {"ok": True}
    assert script.calls == 4


async def test_other_4xx_are_returned_without_retry() -> None:
    script = Script((404, '{"message": "not found"}', {}))
    http, sleeps = requester(script)
    reply = await http.send("GET", "https://p.test/x")
    assert (reply.status, reply.data, script.calls, sleeps) == (404, {"message": "not found"}, 1, [])


async def test_exhausted_retries_raise_without_the_token(caplog: pytest.LogCaptureFixture) -> None:
    script = Script((502, "{}", {}))
    http, _ = requester(script, retries=2)
    with caplog.at_level(logging.WARNING), pytest.raises(RetriesExhaustedError) as excinfo:
        await http.send("GET", "https://p.test/list", params={"token": "s3cr3t-token", "limit": 100})
    assert script.calls == 3
    assert "s3cr3t-token" not in str(excinfo.value)
    assert "token=%5Bredacted%5D" in str(excinfo.value) or "[redacted]" in str(excinfo.value)
    assert "HTTP 502" in str(excinfo.value)
    assert "s3cr3t-token" not in caplog.text


async def test_every_attempt_goes_through_the_rate_limiter() -> None:
    acquired: list[int] = []

    class CountingLimiter(RateLimiter):
        async def acquire(self) -> float:
            acquired.append(1)
            return 0.0

    script = Script((503, "{}", {}), (503, "{}", {}), OK)
    http, _ = requester(script, limiter=CountingLimiter())
    await http.send("GET", "https://p.test/x")
    assert len(acquired) == 3 == script.calls


async def test_validate_rejects_wrong_shapes_as_malformed() -> None:
    script = Script((200, json.dumps([1, 2]), {}), OK)
    http, _ = requester(script)

    def validate(data: object) -> None:
        if not isinstance(data, dict):
            raise ValueError("no")

    assert (await http.send("GET", "https://p.test/x", validate=validate)).data == {"ok": True}
    assert script.calls == 2


def test_redact_url() -> None:
    text = redact_url("https://kodikapi.com/list?token=abc&limit=1&next=xyz", secrets=("xyz",))
    assert "abc" not in text
    assert "xyz" not in text
    assert "limit=1" in text


async def test_concurrent_sends_share_one_limiter() -> None:
    script = Script(OK)
    limiter = RateLimiter(per_second=1000)
    http, _ = requester(script, limiter=limiter)
    await asyncio.gather(*(http.send("GET", "https://p.test/x") for _ in range(10)))
    assert http.attempts == 10 == script.calls
