"""Security headers, CORS, and the trusted client IP.

Security headers are the replaced system's (docs/contract.md appendix B). ``Strict-Transport-Security`` is added only
when the service runs behind TLS (``COOKIE_SECURE=true``). CORS allows and exposes ``X-Trace-ID`` (the replaced system
did not; docs/contract.md 6).

The client IP comes from ``X-Forwarded-For`` only when the direct peer is a configured trusted proxy (the gateway,
plus a TLS front proxy the gateway trusts): then the right-most address that is not itself a trusted proxy is the
client. Otherwise, and when every hop is a trusted proxy or a hop is not an IP address, the socket peer is used.
A client-supplied ``X-Forwarded-For`` sent straight to a service is therefore ignored, and a spoofed left-most hop
is never believed over the hops the trusted proxies appended.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from starlette.middleware.cors import CORSMiddleware
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "CORS_ALLOW_HEADERS",
    "CORS_EXPOSE_HEADERS",
    "SecurityHeadersMiddleware",
    "TrustedProxies",
    "cors_middleware_options",
    "security_headers",
]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none';"
)
HSTS = "max-age=31536000; includeSubDomains; preload"

_BASE_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"x-xss-protection", b"1; mode=block"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
)

CORS_ALLOW_HEADERS = ["Content-Type", "Authorization", "X-Trace-ID", "traceparent", "If-None-Match"]
CORS_EXPOSE_HEADERS = [
    "Content-Type",
    "X-Trace-ID",
    "X-Total-Count",
    "ETag",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
]


def security_headers(*, hsts: bool = False) -> tuple[tuple[bytes, bytes], ...]:
    """The contract's security headers (raw ASGI pairs), with HSTS when the service runs behind TLS."""
    return _BASE_HEADERS + (((b"strict-transport-security", HSTS.encode()),) if hsts else ())


class SecurityHeadersMiddleware:
    """Pure ASGI middleware adding the contract's security headers to every HTTP response."""

    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        self.headers = security_headers(hsts=hsts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = list(message.get("headers", []))
                present = {key.lower() for key, _ in existing}
                existing.extend(pair for pair in self.headers if pair[0] not in present)
                message["headers"] = existing
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cors_middleware_options(origins: Iterable[str]) -> dict[str, object]:
    return {
        "allow_origins": list(origins),
        "allow_credentials": True,
        "allow_methods": ["GET", "POST", "PUT", "PATCH", "DELETE"],
        "allow_headers": CORS_ALLOW_HEADERS,
        "expose_headers": CORS_EXPOSE_HEADERS,
        "max_age": 600,
    }


__all__ += ["CORSMiddleware"]


class TrustedProxies:
    """Resolve the client IP of a request, trusting forwarded headers only from configured proxy networks."""

    def __init__(self, networks: Iterable[str]) -> None:
        self._networks = tuple(ipaddress.ip_network(item, strict=False) for item in networks)

    @lru_cache(maxsize=1024)  # noqa: B019 - bounded, instances live for the process
    def is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self._networks)

    def client_ip(self, connection: HTTPConnection) -> str:
        peer = connection.client.host if connection.client else "unknown"
        if not self.is_trusted(peer):
            return peer
        # Every X-Forwarded-For line, in order (a proxy may append a second header line instead of extending one).
        forwarded = ",".join(connection.headers.getlist("x-forwarded-for"))
        if not forwarded:
            real_ip = connection.headers.get("x-real-ip", "").strip()
            return real_ip if _is_ip(real_ip) else peer
        for hop in reversed(forwarded.split(",")):
            hop = hop.strip()
            if not hop:
                continue
            if not _is_ip(hop):
                return peer  # garbage where a trusted proxy writes addresses: believe nothing in it
            if not self.is_trusted(hop):
                return hop
        return peer  # only trusted proxies on the way: the nearest one is the client as far as we can tell


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
