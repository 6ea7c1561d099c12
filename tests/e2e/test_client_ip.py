"""Whose rate-limit bucket a request counts in, through the real Traefik (issue 15, hole 2).

The e2e stack has a TLS front proxy in front of the gateway at ``FRONT_PROXY`` (tests/e2e/harness.py): Traefik
trusts its X-Forwarded-For (``forwardedHeaders.trustedIPs`` from ``ANI_GATEWAY_TRUSTED_IPS``) and the services list
it in ``TRUSTED_PROXIES`` next to the gateway. A test plays that proxy by connecting from its address and sending
the header a proxy sends. Auth's per-client login limit (5 a minute) shows which bucket a request counted in.
"""

from __future__ import annotations

import random

import httpx

from scripts.devstack.stack import Stack
from tests.e2e.conftest import GatewayClient
from tests.e2e.harness import FRONT_PROXY
from tests.e2e.helpers import PASSWORD, assert_error, unique_email

LIMIT = 5


def documentation_address() -> str:
    """A public-looking client address (TEST-NET-3) unlikely to have been used by an earlier test."""
    return f"203.0.113.{random.randint(1, 254)}"


async def failed_login(client: httpx.AsyncClient, forwarded_for: str | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}
    return await client.post(
        "/api/v1/auth/login", json={"email": unique_email(), "password": PASSWORD}, headers=headers
    )


async def test_a_clients_own_forwarded_for_is_not_believed(gw: httpx.AsyncClient) -> None:
    """Spoofing: a client that is not the front proxy cannot pick a fresh bucket per request with the header."""
    statuses = [(await failed_login(gw, f"198.51.100.{n}")).status_code for n in range(LIMIT + 1)]
    assert statuses == [401] * LIMIT + [429]


async def test_clients_behind_the_trusted_front_proxy_get_their_own_buckets(stack: Stack) -> None:
    """Shared bucket: two clients behind the TLS proxy are two clients, not one (the proxy's address)."""
    first = documentation_address()
    second = f"198.18.{random.randint(0, 255)}.{random.randint(1, 254)}"
    async with GatewayClient(stack, FRONT_PROXY) as proxy:
        # What a proxy that appends sends: whatever the client claimed, then the client's real address. Only the
        # address the proxy wrote counts, so a changing claim does not buy a fresh bucket either.
        statuses = [(await failed_login(proxy, f"10.0.0.{n}, {first}")).status_code for n in range(LIMIT + 1)]
        assert statuses == [401] * LIMIT + [429]
        other = await failed_login(proxy, second)
        assert_error(other, 401, "AUTHENTICATION_ERROR", "Incorrect email or password")
