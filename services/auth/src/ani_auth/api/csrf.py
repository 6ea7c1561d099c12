"""CSRF defence of the cookie-authenticated routes (refresh and logout, user and admin).

Those routes act on the refresh cookie alone, so a page of another origin must not be able to make a browser call
them. ``SameSite=Lax`` already keeps the cookie off cross-site POSTs; the ``Origin`` check also covers same-site
attackers (another origin on a sibling subdomain, or a plain-HTTP page of the same host) that SameSite lets through:

* ``Origin`` present: it must be one of ``ALLOWED_ORIGINS`` (the CORS allow-list), compared after normalising case
  and default ports. ``Origin: null`` (sandboxed frames, privacy redirects) is refused.
* no ``Origin`` but a ``Referer``: the referring page's origin must be allowed (older browsers that omit Origin on
  same-origin requests still send the Referer of the site's own pages).
* neither header: allowed. Every current browser sends ``Origin`` on a POST, same-origin or not (fetch and forms
  alike), so a request without it does not come from a browser page that an attacker controls; it is a server-side or
  command-line client (the site's server, curl, the tests), which could send any ``Origin`` it likes anyway and holds
  only the cookies it was given. Refusing them would break those clients and protect nothing.

Refused: 403 ``AUTHORIZATION_ERROR`` ``Origin not allowed``.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from fastapi import Request

from ani_auth.config import Settings
from ani_common.errors import ApiError, ErrorCode

__all__ = ["ORIGIN_NOT_ALLOWED", "normalize_origin", "require_allowed_origin"]

ORIGIN_NOT_ALLOWED = "Origin not allowed"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_origin(value: str) -> str | None:
    """``scheme://host[:port]`` in lower case without a default port; ``None`` when ``value`` has no origin."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


@functools.lru_cache(maxsize=8)
def _allowed(origins: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalized for origin in origins if (normalized := normalize_origin(origin)) is not None)


def require_allowed_origin(request: Request) -> None:
    """Dependency of the cookie routes: see the module docstring."""
    settings: Settings = request.app.state.settings
    origin = request.headers.get("origin")
    if origin is None:
        origin = request.headers.get("referer")
        if origin is None:
            return
    normalized = normalize_origin(origin)
    if normalized is None or normalized not in _allowed(tuple(settings.allowed_origins)):
        raise ApiError(403, ORIGIN_NOT_ALLOWED, code=ErrorCode.AUTHORIZATION_ERROR)
