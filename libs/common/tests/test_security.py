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


def test_only_trusted_hops_fall_back_to_the_peer_not_to_the_left_most_hop() -> None:
    """Issue 15 hole 2: when every hop is a trusted proxy, the left-most one (possibly client-written) is not the
    client: the socket peer is the answer."""
    proxies = TrustedProxies(["127.0.0.1/32", "10.0.0.0/8"])
    assert proxies.client_ip(request("127.0.0.1", "10.9.9.9, 10.0.0.2")) == "127.0.0.1"
    assert proxies.client_ip(request("127.0.0.1", "198.51.100.7, not-an-ip")) == "127.0.0.1"


def test_every_forwarded_line_counts_and_x_real_ip_must_be_an_address() -> None:
    proxies = TrustedProxies(["127.0.0.1/32", "10.0.0.0/8"])
    two_lines = Request(
        {
            "type": "http",
            "headers": [(b"x-forwarded-for", b"6.6.6.6"), (b"x-forwarded-for", b"198.51.100.7, 10.0.0.2")],
            "client": ("127.0.0.1", 1),
            "method": "GET",
            "path": "/",
        }
    )
    assert proxies.client_ip(two_lines) == "198.51.100.7"
    for value, expected in ((b"198.51.100.8", "198.51.100.8"), (b"nonsense", "127.0.0.1")):
        scope = {"type": "http", "headers": [(b"x-real-ip", value)], "client": ("127.0.0.1", 1), "method": "GET"}
        real = Request({**scope, "path": "/"})
        assert proxies.client_ip(real) == expected
