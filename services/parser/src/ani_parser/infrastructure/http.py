"""One resilient request path for every outbound call: rate limit per attempt, retries with jitter on 429,
5xx, timeouts, transport errors and malformed bodies, ``Retry-After`` honoured, secrets redacted.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from ani_common.logging import get_logger
from ani_parser.infrastructure.ratelimit import RateLimiter

__all__ = ["SECRET_PARAMS", "HttpRequester", "Reply", "RetriesExhaustedError", "RetryPolicy", "redact_url"]

log = get_logger(__name__)

SECRET_PARAMS = frozenset({"token", "access_token", "api_key", "key"})
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


def redact_url(url: httpx.URL | str, secrets: Iterable[str] = ()) -> str:
    """The URL with secret query values replaced, for logs and error messages."""
    parsed = httpx.URL(str(url))
    params = [(k, "[redacted]" if k.lower() in SECRET_PARAMS else v) for k, v in parsed.params.multi_items()]
    text = str(parsed.copy_with(params=params) if params else parsed)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return text


class RetriesExhaustedError(Exception):
    """The request kept failing; the message names the (redacted) URL and the last reason."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 30.0

    def backoff(self, attempt: int, rng: Callable[[], float]) -> float:
        """Equal jitter: half the exponential step, plus a random half."""
        step = min(self.backoff_max, self.backoff_base * (2**attempt))
        return float(step / 2 + rng() * step / 2)


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    data: Any
    headers: Mapping[str, str]


def _retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


class HttpRequester:
    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        name: str,
        limiter: RateLimiter | None = None,
        policy: RetryPolicy | None = None,
        secrets: Iterable[str] = (),
        rng: Callable[[], float] = random.random,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.name = name
        self._limiter = limiter or RateLimiter()
        self._policy = policy or RetryPolicy()
        self._secrets = tuple(s for s in secrets if s)
        self._rng = rng
        self._sleep = sleep
        self.attempts = 0
        self.retries = 0

    def redact(self, url: httpx.URL | str) -> str:
        return redact_url(url, self._secrets)

    async def send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        validate: Callable[[Any], None] | None = None,
    ) -> Reply:
        """Send with retries. 2xx bodies must be JSON (and pass ``validate``) or the attempt is retried;
        non-retryable statuses are returned to the caller with their body (JSON or ``None``)."""
        request_url = httpx.URL(url, params=params) if params else httpx.URL(url)
        reason = "no attempt"
        for attempt in range(self._policy.max_retries + 1):
            await self._limiter.acquire()
            self.attempts += 1
            wait: float | None = None
            try:
                response = await self.client.request(method, request_url, json=json_body, headers=headers)
            except httpx.TimeoutException:
                reason = "timeout"
            except httpx.TransportError as exc:
                reason = f"transport error ({type(exc).__name__})"
            else:
                if response.status_code in RETRY_STATUSES:
                    reason = f"HTTP {response.status_code}"
                    wait = _retry_after(response.headers.get("retry-after"), time.time())
                else:
                    data: Any = None
                    try:
                        data = response.json()
                        if 200 <= response.status_code < 300 and validate is not None:
                            validate(data)
                    except ValueError:
                        if 200 <= response.status_code < 300:
                            reason = "malformed body"
                        else:
                            return Reply(response.status_code, None, response.headers)
                    else:
                        return Reply(response.status_code, data, response.headers)
            if attempt >= self._policy.max_retries:
                break
            delay = self._policy.backoff(attempt, self._rng)
            if wait is not None:
                delay = min(max(delay, wait), self._policy.backoff_max)
            self.retries += 1
            log.warning(
                "retrying request",
                provider=self.name,
                method=method,
                url=self.redact(request_url),
                reason=reason,
                attempt=attempt + 1,
                delay_seconds=round(delay, 3),
            )
            await self._sleep(delay)
        raise RetriesExhaustedError(
            f"{method} {self.redact(request_url)} failed after {self._policy.max_retries + 1} attempts: {reason}"
        )
