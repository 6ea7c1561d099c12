"""The whole stack on loopback ports, driven only through the real Traefik gateway like a client.

One stack per test session (2 instances of every API, the projector, the fake providers, Traefik),
seeded with the demo catalog by the real parser, every service as its least-privilege database role and Redis ACL
user (`harness.LeastPrivilegeStack`). Databases `ani_e2e_auth` / `ani_e2e_write` (dropped at the end), the stack's
own Redis on 127.0.0.1:18179 (DB 13), every service logging at DEBUG. See `tests/e2e/harness.py` to keep a stack
running between runs while writing tests.

Every test client connects from its own loopback address (127.x.y.z): Traefik puts that peer address in
X-Forwarded-For, so each client is a distinct IP for the services' per-IP rate limits, as real users are.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack

import httpx
import pytest
import pytest_asyncio

from scripts.devstack.stack import Stack
from tests.e2e import harness
from tests.e2e.secrets_hygiene import SECRETS, event_hooks, report


class GatewayClient(httpx.AsyncClient):
    """A client of the gateway (a browser, the parser, a script) connecting from its own loopback `address`."""

    def __init__(self, stack: Stack, address: str) -> None:
        transport = httpx.AsyncHTTPTransport(local_address=address)
        # event_hooks: every token, cookie, password and error body goes to the secrets-hygiene check (below)
        super().__init__(base_url=stack.gateway_url, timeout=30, transport=transport, event_hooks=event_hooks())
        self.address = address


ClientFactory = Callable[[], GatewayClient]

_addresses = (
    f"127.{a}.{b}.{c}"
    for a, b, c in itertools.product(range(random.randint(10, 200), 250), range(1, 255), range(1, 255))
)


def next_client_address() -> str:
    return next(_addresses)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.fail("tests/e2e runs one stack on fixed ports: run it without -n (xdist)", pytrace=False)
    if os.environ.get("ANI_E2E_REUSE") == "1":
        attached = harness.LeastPrivilegeStack(harness.e2e_options(harness.HARNESS_DATA_DIR))
        asyncio.run(attached.attach())
        SECRETS.watch(attached)
        yield attached
        return
    running = harness.LeastPrivilegeStack(harness.e2e_options(tmp_path_factory.mktemp("stack")))
    harness.start_fresh(running)
    SECRETS.watch(running)
    try:
        yield running
    finally:
        harness.stop(running)


def gateway_client(stack: Stack) -> GatewayClient:
    return GatewayClient(stack, next_client_address())


@pytest_asyncio.fixture
async def gw(stack: Stack) -> AsyncIterator[GatewayClient]:
    async with gateway_client(stack) as client:
        yield client


@pytest_asyncio.fixture
async def internal(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """write-api itself, as the parser calls it: the gateway does not route the internal import API."""
    async with httpx.AsyncClient(base_url=stack.write_api_url, timeout=30, event_hooks=event_hooks()) as client:
        yield client


@pytest_asyncio.fixture
async def new_client(stack: Stack) -> AsyncIterator[ClientFactory]:
    """More clients, each from another address (another browser, another user)."""
    async with AsyncExitStack() as exit_stack:

        def make() -> GatewayClient:
            client = gateway_client(stack)
            exit_stack.push_async_callback(client.aclose)
            return client

        yield make


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Secrets hygiene over the whole run (tests/e2e/secrets_hygiene.py): after the stack stopped, no secret the run
    used may appear in its logs or in an error body. Fails the run with file:line and what the secret is, never the
    secret itself."""
    if not SECRETS.log_dirs:  # no stack in this run
        return
    findings = SECRETS.findings()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("-", f"secrets hygiene: {len(SECRETS.secrets)} secrets, {len(findings)} leaks")
    if findings:
        if reporter is not None:
            reporter.write_line(report(findings))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
