"""Helpers for the fuzz and bad-input tests (``tests/test_fuzz.py``, ``tests/test_bad_input.py`` of each service).

* :func:`send_case` sends a schemathesis ``Case`` through the suite's own in-process ``httpx.AsyncClient`` (the
  app on the test's event loop, with the test's database transaction and Redis), instead of schemathesis's own
  transports, which run the app on another loop. The response then goes to ``case.validate_response``.
* :func:`assert_error_envelope` checks the contract's error body ``{"error": {"code", "message", "trace_id"}}``.
* The ``*_BODY`` constants and :data:`UNICODE_EDGES`, :data:`BAD_URLS`, :data:`PATH_TRICKS` are the shared corpus
  of hostile inputs; each service's ``test_bad_input.py`` aims them at its own routes.

Nothing here imports schemathesis or Hypothesis (development dependencies of the workspace, not of this package):
the case is used through its public methods only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import pytest

__all__ = [
    "BAD_URLS",
    "DEEP_ARRAY_BODY",
    "DEEP_OBJECT_BODY",
    "HUGE_ARRAY_BODY",
    "HUGE_STRING",
    "INVALID_UTF8_BODY",
    "NON_FINITE_NUMBERS",
    "PATH_TRICKS",
    "UNICODE_EDGES",
    "assert_error_envelope",
    "report_counts",
    "send_case",
]

# ------------------------------------------------------------------------------------------------- the corpus

#: 100 000 nested arrays: deeper than any recursive JSON parser's stack.
DEEP_ARRAY_BODY = b"[" * 100_000 + b"]" * 100_000
#: 50 000 nested objects.
DEEP_OBJECT_BODY = b'{"a":' * 50_000 + b"1" + b"}" * 50_000
#: A 4 MiB JSON array of small objects (one million elements).
HUGE_ARRAY_BODY = b"[" + b",".join([b'{"a":1}'] * 500_000) + b"]"
#: A 2 MiB string, for a field of a valid-looking body.
HUGE_STRING = "x" * (2 * 1024 * 1024)
#: Not UTF-8 (a lone continuation byte and an overlong encoding) inside a JSON string.
INVALID_UTF8_BODY = b'{"title": "\x80\xc0\xaf", "email": "\xff\xfe@example.com"}'

#: Unicode edge cases as they arrive in a JSON text (the escapes are the JSON's, decoded by the server).
UNICODE_EDGES: Mapping[str, str] = {
    "nul": "a\\u0000b",
    "lone-high-surrogate": "a\\ud800b",
    "lone-low-surrogate": "a\\udfffb",
    "rtl-override": "\\u202egnp.exe",
    "4-byte": "\\ud83d\\ude00 \\ud835\\udd4f",
    "bom-and-zero-width": "\\ufeff\\u200b\\u200d",
    "c1-control": "a\\u0085\\u009fb",
}

#: Number literals outside JSON's finite doubles or far outside any column's range (raw JSON text).
NON_FINITE_NUMBERS: Mapping[str, str] = {
    "nan": "NaN",
    "infinity": "Infinity",
    "-infinity": "-Infinity",
    "1e400": "1e400",
    "-1e400": "-1e400",
    "huge-int": "1" + "0" * 40,
    "huge-negative-int": "-" + "9" * 40,
    "int64-overflow": str(2**63),
    "very-long-int": "9" * 5000,
}

#: URLs a player or an <img> must never receive.
BAD_URLS: Mapping[str, str] = {
    "javascript": "javascript:alert(1)",
    "javascript-mixed-case": "JaVaScRiPt:alert(document.cookie)",
    "javascript-leading-space": " javascript:alert(1)",
    "javascript-tab": "java\tscript:alert(1)",
    "data-html": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data-svg": "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript": "vbscript:msgbox(1)",
    "file": "file:///etc/passwd",
    "relative": "/etc/passwd",
}

#: Path segments for ids and slugs (already percent-encoded where the raw form would change the path itself).
PATH_TRICKS: Mapping[str, str] = {
    "dot-dot": "..",
    "dot-dot-encoded": "%2E%2E",
    "encoded-slash": "a%2Fb",
    "encoded-traversal": "..%2F..%2Fetc%2Fpasswd",
    "backslash": "..%5C..%5Cwindows",
    "encoded-nul": "a%00b",
    "whitespace": "%20a%20",
    "tab-newline": "a%09%0Ab",
    "very-long": "a" * 5000,
    "unicode": "%D0%BD%D0%B0%D1%80%D1%83%D1%82%D0%BE",
    "encoded-percent": "%25",
    "sql-ish": "1'%20OR%20'1'='1",
}


# ---------------------------------------------------------------------------------------------- assertions


def _require(condition: object, detail: object) -> None:
    if not condition:
        raise AssertionError(detail)


def assert_error_envelope(response: httpx.Response, statuses: int | tuple[int, ...]) -> dict[str, Any]:
    """The response has one of ``statuses`` and the contract's JSON error body; returns its ``error`` object."""
    expected = (statuses,) if isinstance(statuses, int) else statuses
    _require(response.status_code in expected, (response.status_code, expected, response.text[:500]))
    _require(response.headers.get("content-type", "").startswith("application/json"), response.headers)
    body = response.json()
    _require(isinstance(body, dict) and set(body) == {"error"}, body)
    error = body["error"]
    _require(isinstance(error, dict), body)
    _require({"code", "message", "trace_id"} <= set(error) <= {"code", "message", "trace_id", "details"}, body)
    for key in ("code", "message", "trace_id"):
        _require(isinstance(error[key], str) and error[key], body)
    return dict(error)


# ------------------------------------------------------------------------------------------- sending cases


def _header_safe(value: Any) -> str:
    """A header value httpx can send: a str, encodable as Latin-1 (schemathesis may generate other characters)."""
    text = value if isinstance(value, str) else str(value)
    return text.encode("latin-1", "replace").decode("latin-1")


async def send_case(client: httpx.AsyncClient, case: Any, headers: Mapping[str, str] | None = None) -> httpx.Response:
    """Send a schemathesis ``Case`` with ``client`` (the app in process) and return the response.

    ``headers`` (auth) are added to the generated ones and win over them, as in ``case.call(headers=...)``.
    Cookies go in one ``Cookie`` header (httpx deprecates per-request cookies).
    """
    kwargs: dict[str, Any] = case.as_transport_kwargs(
        base_url=str(client.base_url).rstrip("/"), headers=dict(headers) if headers else None
    )
    request_headers = {str(name): _header_safe(value) for name, value in (kwargs.get("headers") or {}).items()}
    cookies = kwargs.get("cookies") or {}
    if cookies:
        request_headers["Cookie"] = "; ".join(f"{name}={_header_safe(value)}" for name, value in cookies.items())
    request: dict[str, Any] = {"headers": request_headers, "params": kwargs.get("params") or None}
    if "json" in kwargs:
        request["json"] = kwargs["json"]
    elif "data" in kwargs:
        data = kwargs["data"]
        if isinstance(data, bytes | str):
            request["content"] = data
        else:
            request["data"] = data
    if kwargs.get("files"):
        request["files"] = kwargs["files"]
    return await client.request(kwargs["method"], kwargs["url"], **request)


def report_counts(
    request: pytest.FixtureRequest, service: str, cases: Mapping[str, int], statuses: Mapping[int, int]
) -> None:
    """One line on the terminal (past output capture): cases sent per service and the statuses they got."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    by_status = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
    with capture.global_and_fixture_disabled():
        reporter.write_line(
            f"\n{service} schemathesis: {sum(cases.values())} cases over {len(cases)} operations ({by_status})"
        )
