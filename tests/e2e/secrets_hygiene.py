"""Secrets hygiene of a whole e2e run: no secret the run used appears in any log file or in any error body.

One registry per test process (:data:`SECRETS`). What lands in it:

* the stack's own secrets, when the ``stack`` fixture starts or attaches (:meth:`SecretRegistry.watch`): the internal
  import token, the demo admin's password, every ``*TOKEN*``/``*PASSWORD*``/``*SECRET*`` variable of the services' and
  the parser's environments (the provider tokens), the passwords of the database and Redis URLs, and every password
  of the least-privilege roles and Redis ACL users (``secret_values()`` of ``tests/e2e/harness.LeastPrivilegeStack``);
* everything the test clients send or receive (the httpx hooks of :func:`event_hooks`, installed on the gateway
  clients and the direct write-api client of ``tests/e2e/conftest.py``): ``Authorization`` bearer tokens,
  ``X-Internal-Token`` values, refresh cookies (request ``Cookie`` and response ``Set-Cookie``), ``access_token`` in
  response bodies, and ``password``/``current_password``/``new_password`` in JSON request bodies;
* anything a test adds itself: ``SECRETS.add(value, "what it is")``;

and every response of 400 or more seen by those clients is kept as an *error body* (method, path, status, body).

At the end of the session (``pytest_sessionfinish`` in conftest, after the stack stopped, so Traefik's buffered access
log is flushed) :meth:`SecretRegistry.findings` scans every file under the stack's log directory and every kept error
body for every registered value (also URL-encoded and JSON-escaped): a hit fails the run with the file and line (or
the request) and the *label* of the secret, never the secret itself. ``test_secrets_hygiene.py`` runs the same scan
mid-run and tests the scanner.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, quote_plus, urlsplit

import httpx

#: Shorter values are too likely to occur by chance (and are no real secret): not registered.
MIN_SECRET_LENGTH = 8
_SECRET_NAME = re.compile(r"TOKEN|PASSWORD|SECRET|API_KEY", re.IGNORECASE)
_PASSWORD_FIELDS = ("password", "current_password", "new_password")
_COOKIE_NAMES = ("refresh_token", "admin_refresh_token")
#: Error bodies kept per run (a run makes a few thousand requests; a body is cut to this many characters).
_MAX_ERROR_BODIES = 20_000
_MAX_ERROR_BODY_CHARS = 8_192


class _StackLike(Protocol):
    internal_token: str

    @property
    def logs(self) -> Path: ...

    @property
    def admin_password(self) -> str: ...

    def auth_env(self) -> dict[str, str]: ...

    def write_env(self) -> dict[str, str]: ...

    def read_env(self) -> dict[str, str]: ...

    def parser_env(self) -> dict[str, str]: ...


@dataclass(frozen=True)
class Finding:
    """Where a secret was seen: ``where`` is ``file:line`` or ``METHOD path -> status``; never the value."""

    where: str
    label: str

    def __str__(self) -> str:
        return f"{self.where}: {self.label}"


@dataclass
class ErrorBody:
    method: str
    path: str
    status: int
    body: str


@dataclass
class SecretRegistry:
    #: value -> label (the first label a value was registered with)
    secrets: dict[str, str] = field(default_factory=dict)
    error_bodies: list[ErrorBody] = field(default_factory=list)
    log_dirs: list[Path] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # ------------------------------------------------------------------ registering
    def add(self, value: str | None, label: str) -> None:
        """Register a secret value under a label (what it is: printed instead of the value)."""
        if not value or len(value) < MIN_SECRET_LENGTH:
            return
        with self._lock:
            self.secrets.setdefault(value, label)

    def add_error_body(self, method: str, path: str, status: int, body: str) -> None:
        with self._lock:
            if len(self.error_bodies) < _MAX_ERROR_BODIES:
                self.error_bodies.append(ErrorBody(method, path, status, body[:_MAX_ERROR_BODY_CHARS]))

    def watch(self, stack: _StackLike) -> None:
        """The stack's secrets and its log directory."""
        if stack.logs not in self.log_dirs:
            self.log_dirs.append(stack.logs)
        self.add(stack.internal_token, "INTERNAL_TOKEN")
        self.add(stack.admin_password, "demo admin password")
        for service, env in (
            ("auth", stack.auth_env()),
            ("write-api", stack.write_env()),
            ("read-api", stack.read_env()),
            ("parser", stack.parser_env()),
        ):
            self.add_environment(env, service)
        # The least-privilege stack's database-role and Redis ACL passwords (tests/e2e/harness.py), whether or not a
        # process's environment carries them.
        secret_values = getattr(stack, "secret_values", None)
        if callable(secret_values):
            for label, value in secret_values().items():
                self.add(value, label)

    def add_environment(self, env: Mapping[str, str], origin: str) -> None:
        for name, value in env.items():
            if _SECRET_NAME.search(name):
                self.add(value, f"{origin} {name}")
            elif name.endswith("_URL") and "://" in value:
                self.add(urlsplit(value).password, f"{origin} {name} password")

    # ------------------------------------------------------------------ what clients send and receive
    def capture_request(self, request: httpx.Request) -> None:
        authorization = request.headers.get("authorization", "")
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer":
            self.add(credentials.strip(), "bearer token sent by a test")
        self.add(request.headers.get("x-internal-token"), "X-Internal-Token sent by a test")
        cookie_header = request.headers.get("cookie")
        if cookie_header:
            self._add_cookies(cookie_header, "refresh cookie sent by a test")
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                body = json.loads(request.content or b"null")
            except (ValueError, httpx.RequestNotRead):
                return
            if isinstance(body, dict):
                for name in _PASSWORD_FIELDS:
                    value = body.get(name)
                    if isinstance(value, str):
                        self.add(value, f"{name} sent by a test")

    def capture_response(self, response: httpx.Response, body: bytes) -> None:
        for header in response.headers.get_list("set-cookie"):
            self._add_cookies(header, "refresh cookie issued by auth")
        text = body.decode(errors="replace")
        if response.headers.get("content-type", "").startswith("application/json") and b"access_token" in body:
            try:
                parsed: Any = json.loads(text)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict) and isinstance(parsed.get("access_token"), str):
                self.add(parsed["access_token"], "access token issued by auth")
        if response.status_code >= 400:
            request = response.request
            self.add_error_body(request.method, request.url.path, response.status_code, text)

    def _add_cookies(self, header: str, label: str) -> None:
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(header)
        except Exception:  # a cookie header we cannot parse holds nothing we registered
            return
        for name in _COOKIE_NAMES:
            if name in cookie:
                self.add(cookie[name].value, f"{name} ({label})")

    # ------------------------------------------------------------------ scanning
    def _needles(self) -> list[tuple[str, str]]:
        """Every registered value in the forms it could be written in (raw, URL-encoded, JSON-escaped)."""
        with self._lock:
            items = list(self.secrets.items())
        needles: dict[str, str] = {}
        for value, label in items:
            for form in (value, quote(value, safe=""), quote_plus(value), json.dumps(value)[1:-1]):
                needles.setdefault(form, label)
        return sorted(needles.items(), key=lambda item: -len(item[0]))

    def scan_text(self, lines: Iterable[str], where: str) -> list[Finding]:
        needles = self._needles()
        found: list[Finding] = []
        for number, line in enumerate(lines, start=1):
            for needle, label in needles:
                if needle in line:
                    found.append(Finding(f"{where}:{number}", label))
        return found

    def scan_logs(self, directories: Iterable[Path] | None = None) -> list[Finding]:
        needles = self._needles()
        found: list[Finding] = []
        for directory in self.log_dirs if directories is None else directories:
            if not directory.exists():
                continue
            for path in sorted(p for p in directory.rglob("*") if p.is_file()):
                with path.open(encoding="utf-8", errors="replace") as handle:
                    for number, line in enumerate(handle, start=1):
                        for needle, label in needles:
                            if needle in line:
                                found.append(Finding(f"{path}:{number}", label))
        return found

    def scan_error_bodies(self) -> list[Finding]:
        needles = self._needles()
        with self._lock:
            bodies = list(self.error_bodies)
        return [
            Finding(f"error body of {body.method} {body.path} -> {body.status}", label)
            for body in bodies
            for needle, label in needles
            if needle in body.body
        ]

    def findings(self) -> list[Finding]:
        return self.scan_logs() + self.scan_error_bodies()

    def redact(self, text: str) -> str:
        """``text`` with every registered value replaced by its label (safe to print in a failure message)."""
        for needle, label in self._needles():
            text = text.replace(needle, f"<{label}>")
        return text


#: The registry of this test process.
SECRETS = SecretRegistry()


def event_hooks(registry: SecretRegistry = SECRETS) -> dict[str, list[Any]]:
    """httpx ``event_hooks`` for an AsyncClient feeding ``registry`` with what it sends and receives."""

    async def on_request(request: httpx.Request) -> None:
        registry.capture_request(request)

    async def on_response(response: httpx.Response) -> None:
        body = await response.aread()
        registry.capture_response(response, body)

    return {"request": [on_request], "response": [on_response]}


def report(findings: list[Finding], limit: int = 50) -> str:
    lines = [str(finding) for finding in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"… and {len(findings) - limit} more")
    return "\n".join(lines)
