"""The pure-ASGI fast path for ``PUT /api/v1/me/progress/{episode_id}``, the player's progress heartbeat.

It wraps the FastAPI application (it is what ``create_app`` returns and uvicorn serves). The progress PUT is the
write-api's hottest route — every viewer's player sends it every few seconds — and FastAPI's per-request machinery
(middleware chain, routing, dependency solving, the instrumentator) cost more CPU than the transaction itself.

The fast path is *optimistic*: it serves only a request it can prove valid — an ``application/json`` body that
the route's own ``ProgressUpdate`` model accepts, a valid user token, a valid ``provider`` and episode id, and a
position the domain accepts, within the user's write rate limit (counted here once, ``ani_write.api.write_limits``).
Anything else (a bad token, a bad body, a repeated or invalid ``provider``, an
oversized body, duplicated headers, OpenTelemetry switched on) is handed to FastAPI with the body replayed, before
anything was written, so every error answer is FastAPI's own, byte for byte. A served request gets what the shared
middlewares add (trace id, security headers, CORS), an access log line when enabled and a latency histogram from
:class:`ani_common.fastpath.FastPathKit` — the toolkit the read-api's fast path uses — and the same 500 envelope.
Reason and figures: ``docs/services/write-api.md`` and ``docs/adr/0004-progress-put-hot-path.md``.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qsl

import orjson
from fastapi import FastAPI
from pydantic import ValidationError
from starlette.types import Message, Receive, Scope, Send

from ani_common.app import FastAPIFront
from ani_common.auth_deps import bearer_token
from ani_common.errors import ApiError, UnhandledErrorMiddleware
from ani_common.fastpath import FastPathKit, handled_response, request_histogram
from ani_common.readmodels.keys import DEFAULT_PROVIDER, PROVIDER_PATTERN
from ani_common.tokens import InvalidTokenError, PrincipalKind, TokenVerifier
from ani_write.api.responses import json_bytes
from ani_write.api.v1.me import record_progress_handler_for
from ani_write.api.v1.schemas import ProgressUpdate
from ani_write.api.write_limits import PROGRESS_LIMIT_SCOPE_KEY, PROGRESS_WRITES, write_limits_of
from ani_write.application.commands.record_progress import RecordProgress
from ani_write.domain.errors import InvalidProgressError
from ani_write.domain.progress import validate_progress

__all__ = ["MAX_BODY_BYTES", "PROGRESS_ROUTE", "REQUEST_SECONDS", "WriteFastPath"]

PROGRESS_PREFIX = "/api/v1/me/progress/"
PROGRESS_ROUTE = "/api/v1/me/progress/{episode_id}"
#: a progress body is ~100 bytes; anything bigger goes to FastAPI (and the gateway's body limit)
MAX_BODY_BYTES = 16 * 1024
_EPISODE_ID_MAX = 255


REQUEST_SECONDS = request_histogram(
    "ani_write_fast_request_duration_seconds",
    "Requests answered by the write-api fast path (the progress PUT), by route and status",
)


class _Delegate(Exception):  # noqa: N818 - control flow, never escapes this module
    """The request is not provably valid: FastAPI answers it."""


def _replay(body: bytes, complete: bool, receive: Receive) -> Receive:
    """A ``receive`` that yields the body read so far once, then the connection's own messages."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": not complete}
        return await receive()

    return replay


def _provider(query_string: bytes) -> str:
    """The ``provider`` query parameter as FastAPI would read it; other parameters are ignored, as FastAPI does."""
    if not query_string:
        return DEFAULT_PROVIDER
    values = [
        value for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True) if key == "provider"
    ]
    if not values:
        return DEFAULT_PROVIDER
    if len(values) > 1 or not PROVIDER_PATTERN.fullmatch(values[0]):
        raise _Delegate
    return values[0]


def _is_json(content_type: bytes) -> bool:
    media_type = content_type.split(b";", 1)[0].strip().lower()
    return media_type == b"application/json"


class WriteFastPath(FastAPIFront):
    """The service's outermost ASGI callable: the progress PUT here when provably valid, everything else FastAPI."""

    def __init__(self, app: FastAPI, *, kit: FastPathKit) -> None:
        super().__init__(app)
        self.kit = kit
        self._guarded = UnhandledErrorMiddleware(self._serve)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.kit.enabled
            and scope["type"] == "http"
            and scope["method"] == "PUT"
            and scope["path"].startswith(PROGRESS_PREFIX)
        ):
            await self._progress(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _progress(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        prepared = self._prepare(scope)
        if prepared is None:
            await self.app(scope, receive, send)
            return
        episode_id, provider, token, origin = prepared
        body, complete = await _read_body(receive)
        if body is None:  # the client went away before sending its body: nobody to answer
            return
        try:
            if not complete:
                raise _Delegate
            user_id = await self._user_id(token)
            command = _command(user_id, provider, episode_id, body)
            limit = await write_limits_of(self.app.state).hit(PROGRESS_WRITES, user_id)
            if limit is not None and not limit.allowed:
                scope[PROGRESS_LIMIT_SCOPE_KEY] = limit  # counted once: FastAPI answers the 429 without counting
                raise _Delegate
        except _Delegate:
            await self.app(scope, _replay(body, complete, receive), send)
            return

        kit = self.kit
        trace_id, context = kit.start(scope)
        scope["ani.write.command"] = command
        status = 500

        async def send_decorated(message: Message) -> None:
            """What the shared middlewares add to any response: CORS (or ``Vary``), security headers, trace id."""
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = kit.decorate(list(message["headers"]), trace_id, origin)
            await send(message)

        try:
            await self._guarded(scope, receive, send_decorated)
        finally:
            kit.finish(scope, PROGRESS_ROUTE, status, started, context)

    def _prepare(self, scope: Scope) -> tuple[str, str, str, bytes | None] | None:
        """(episode id, provider, bearer token, Origin) from the URL and headers, or ``None`` to delegate."""
        episode_id: str = scope["path"][len(PROGRESS_PREFIX) :]
        if not episode_id or "/" in episode_id or len(episode_id) > _EPISODE_ID_MAX:
            return None
        try:
            provider = _provider(scope["query_string"])
        except _Delegate:
            return None
        authorization: bytes | None = None
        content_type: bytes | None = None
        origin: bytes | None = None
        for key, value in scope["headers"]:
            if key == b"authorization":
                if authorization is not None:
                    return None  # which one counts is FastAPI's call
                authorization = value
            elif key == b"content-type":
                if content_type is not None:
                    return None
                content_type = value
            elif key == b"origin":
                if origin is None:  # the first one, as Starlette's CORSMiddleware reads it
                    origin = value
            elif key == b"content-length" and (not value.isdigit() or int(value) > MAX_BODY_BYTES):
                return None
        if authorization is None or content_type is None or not _is_json(content_type):
            return None
        try:
            token = bearer_token(authorization.decode("latin-1"))
        except ApiError:  # FastAPI answers with its 401
            return None
        return episode_id, provider, token, origin

    async def _user_id(self, token: str) -> int:
        verifier: TokenVerifier = self.app.state.token_verifier
        principal = verifier.cached(token, PrincipalKind.USER)
        if principal is None:
            try:
                principal = await verifier.verify(token, PrincipalKind.USER)
            except InvalidTokenError:
                raise _Delegate from None
        return principal.id

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        command: RecordProgress = scope["ani.write.command"]
        try:
            entry = await record_progress_handler_for(self.app.state)(command)
        except Exception as exc:
            # Refused by the statement (a cap, text PostgreSQL cannot store) or the database is down: the app's own
            # handler for that error renders the answer, exactly as FastAPI would.
            if not await handled_response(self.app, exc, scope, receive, send):
                raise
            return
        body = json_bytes(entry)
        headers = [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive) -> tuple[bytes | None, bool]:
    """(the body read, whether it is complete): reading stops past :data:`MAX_BODY_BYTES`; ``None`` on disconnect."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None, False
        chunk: bytes = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True
        if size > MAX_BODY_BYTES:
            return b"".join(chunks), False


def _command(user_id: int, provider: str, episode_id: str, body: bytes) -> RecordProgress:
    """The use case's command from a body the route's own model accepts (as FastAPI parses it), or delegate."""
    try:
        update = ProgressUpdate.model_validate(orjson.loads(body))
        validate_progress(update.position_seconds, update.duration_seconds)
    except (orjson.JSONDecodeError, ValidationError, InvalidProgressError):
        raise _Delegate from None
    return RecordProgress(
        user_id,
        provider,
        episode_id,
        update.title_id,
        update.position_seconds,
        update.duration_seconds,
        update.translation_id,
    )
