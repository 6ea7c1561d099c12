from __future__ import annotations

import pytest
from starlette.requests import Request

from ani_common.security import TrustedProxies


def request(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "headers": headers, "client": (peer, 1234), "method": "GET", "path": "/"})


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.9", "1.1.1.1", "203.0.113.9"),  # untrusted peer: header ignored (no spoofing)
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),
        ("127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # client-supplied left part ignored
        ("127.0.0.1", "198.51.100.7, 10.0.0.2", "198.51.100.7"),  # trusted hops skipped from the right
    ],
)
def test_client_ip(peer: str, forwarded: str | None, expected: str) -> None:
    proxies = TrustedProxies(["127.0.0.1/32", "10.0.0.0/8"])
    assert proxies.client_ip(request(peer, forwarded)) == expected
