"""The read endpoints as plain coroutines over the raw ASGI scope: ``scope → (status, headers, body)``.

Both the pure-ASGI fast path (:mod:`ani_read.api.fast`) and the FastAPI routes (:mod:`ani_read.api.routes`, which
document the endpoints in OpenAPI) call these, so there is exactly one implementation of parsing, auth, caching
headers and errors. Stored bytes go out untouched; the ETag comes from the store (never hashed here).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from ani_common.auth_deps import BEARER_CHALLENGE, INVALID_USER, bearer_token
from ani_common.errors import INVALID_REQUEST_DATA, UNEXPECTED_ERROR, ApiError, ErrorCode, error_body
from ani_common.logging import get_logger
from ani_common.readmodels.catalog import CatalogQuery, CatalogSort, InvalidCatalogQueryError
from ani_common.readmodels.keys import DEFAULT_PROVIDER, PROVIDER_PATTERN, PROVIDER_REGEX
from ani_common.tokens import InvalidTokenError, PrincipalKind, TokenVerifier
from ani_common.tracing import current_trace_id
from ani_read.api.errors import error_spec
from ani_read.application.errors import ReadModelCorruptError, ReadModelUnavailableError
from ani_read.application.get_anime_detail import get_anime_detail
from ani_read.application.get_catalog_page import get_catalog_page
from ani_read.application.get_continue_watching import (
    CONTINUE_DEFAULT_LIMIT,
    CONTINUE_MAX_LIMIT,
    get_continue_watching,
)
from ani_read.application.get_genres import get_genres
from ani_read.application.get_title_state import get_title_state
from ani_read.application.get_user_model import UserModel, get_user_model
from ani_read.application.ports import ModelBytes, ReadModelStore

__all__ = [
    "PRIVATE_CACHE_CONTROL",
    "PUBLIC_CACHE_CONTROL",
    "HttpResult",
    "ReadEndpoints",
    "ReadRuntime",
]

_log = get_logger("ani.read")

Headers = list[tuple[bytes, bytes]]
HttpResult = tuple[int, Headers, bytes]

PUBLIC_CACHE_CONTROL = b"public, max-age=10, stale-while-revalidate=30"
PRIVATE_CACHE_CONTROL = b"private, no-cache"
TITLE_ID_MAX = 255

_JSON = (b"content-type", b"application/json")
_VARY_AUTH = (b"vary", b"Authorization")
_INT = re.compile(r"^-?[0-9]{1,10}$")
_SORTS = {sort.value: sort for sort in CatalogSort}


@dataclass(slots=True)
class ReadRuntime:
    """What the endpoints need at run time; filled by the lifespan (``bootstrap``)."""

    store: ReadModelStore | None = None
    verifier: TokenVerifier | None = None


class QueryError(Exception):
    location = "query"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class PathError(QueryError):
    location = "path"


@dataclass(slots=True)
class _Request:
    raw_query: bytes = b""
    authorization: str | None = None
    if_none_match: bytes | None = None

    @property
    def query(self) -> dict[str, str]:
        if not self.raw_query:
            return {}
        # The last value wins for a repeated parameter (as FastAPI does for scalar parameters).
        return dict(parse_qsl(self.raw_query.decode("latin-1"), keep_blank_values=True))


def _request(scope: dict[str, Any] | Any) -> _Request:
    request = _Request(raw_query=scope.get("query_string", b""))
    for key, value in scope["headers"]:
        if key == b"authorization":
            request.authorization = value.decode("latin-1")
        elif key == b"if-none-match":
            request.if_none_match = value
    return request


def _int(query: dict[str, str], name: str, default: int | None) -> int | None:
    raw = query.get(name)
    if raw is None:
        return default
    raw = raw.strip()
    if not _INT.match(raw):
        raise QueryError(name, "Input should be a valid integer")
    return int(raw)


def _provider(query: dict[str, str]) -> str:
    provider = query.get("provider", DEFAULT_PROVIDER)
    if PROVIDER_PATTERN.fullmatch(provider) is None:
        raise QueryError("provider", f"String should match pattern '{PROVIDER_REGEX}'")
    return provider


def catalog_query(query: dict[str, str]) -> CatalogQuery:
    sort_raw = query.get("sort", CatalogSort.TITLE.value)
    sort = _SORTS.get(sort_raw)
    if sort is None:
        raise QueryError("sort", "Input should be 'title', '-year' or '-updated_at'")
    try:
        return CatalogQuery(
            skip=_int(query, "skip", 0) or 0,
            limit=_int(query, "limit", 50) or 0,
            year=_int(query, "year", None),
            status=query.get("status"),
            genre=query.get("genre"),
            q=query.get("q"),
            sort=sort,
        )
    except InvalidCatalogQueryError as exc:
        raise QueryError(exc.field, exc.message) from None


def _matches(if_none_match: bytes | None, etag: bytes) -> bool:
    if if_none_match is None:
        return False
    if if_none_match == etag:
        return True
    if if_none_match.strip() == b"*":
        return True
    return any(tag.strip().removeprefix(b"W/") == etag for tag in if_none_match.split(b","))


def _ok(request: _Request, model: ModelBytes, cache_control: bytes, extra: Headers | None = None) -> HttpResult:
    etag = model.etag
    headers: Headers = [(b"etag", etag), (b"cache-control", cache_control)]
    if extra:
        headers.extend(extra)
    if _matches(request.if_none_match, etag):
        return 304, headers, b""
    headers.append(_JSON)
    return 200, headers, model.body


def _error(
    scope: Any,
    status: int,
    code: str,
    message: str,
    *,
    headers: Headers | None = None,
    details: list[dict[str, Any]] | None = None,
) -> HttpResult:
    trace_id = scope.get("state", {}).get("trace_id") or current_trace_id()
    out: Headers = [_JSON]
    if headers:
        out.extend(headers)
    return status, out, error_body(code, message, trace_id, details)


_PARSED_QUERIES_LIMIT = 4096


class ReadEndpoints:
    def __init__(self, runtime: ReadRuntime) -> None:
        self.runtime = runtime
        # Valid catalog query strings → parsed query (parsing costs more than the rest of a cached page read).
        self._parsed: dict[bytes, CatalogQuery] = {}

    def _catalog_query(self, request: _Request) -> CatalogQuery:
        query = self._parsed.get(request.raw_query)
        if query is None:
            query = catalog_query(request.query)
            if len(self._parsed) >= _PARSED_QUERIES_LIMIT:
                self._parsed.clear()
            self._parsed[request.raw_query] = query
        return query

    def _store(self) -> ReadModelStore:
        store = self.runtime.store
        if store is None:
            raise ReadModelUnavailableError("not started")
        return store

    async def catalog(self, scope: Any) -> HttpResult:
        try:
            request = _request(scope)
            query = self._catalog_query(request)
            page = await get_catalog_page(self._store(), query)
            return _ok(request, page, PUBLIC_CACHE_CONTROL, [(b"x-total-count", str(page.total).encode())])
        except Exception as exc:
            return self._failure(scope, exc)

    async def anime_detail(self, scope: Any, slug: str) -> HttpResult:
        try:
            request = _request(scope)
            model = await get_anime_detail(self._store(), slug)
            return _ok(request, model, PUBLIC_CACHE_CONTROL)
        except Exception as exc:
            return self._failure(scope, exc)

    async def genres(self, scope: Any) -> HttpResult:
        try:
            request = _request(scope)
            model = await get_genres(self._store())
            return _ok(request, model, PUBLIC_CACHE_CONTROL)
        except Exception as exc:
            return self._failure(scope, exc)

    async def user_model(self, scope: Any, which: UserModel) -> HttpResult:
        try:
            request = _request(scope)
            user_id = await self._user_id(request.authorization)
            provider = _provider(request.query)
            model = await get_user_model(self._store(), which, user_id, provider)
            return _ok(request, model, PRIVATE_CACHE_CONTROL, [_VARY_AUTH])
        except Exception as exc:
            return self._failure(scope, exc)

    async def title_state(self, scope: Any, title_id: str) -> HttpResult:
        try:
            request = _request(scope)
            user_id = await self._user_id(request.authorization)
            provider = _provider(request.query)
            if not 1 <= len(title_id) <= TITLE_ID_MAX:
                raise PathError("title_id", f"String should have at most {TITLE_ID_MAX} characters")
            model = await get_title_state(self._store(), user_id, provider, title_id)
            return _ok(request, model, PRIVATE_CACHE_CONTROL, [_VARY_AUTH])
        except Exception as exc:
            return self._failure(scope, exc)

    async def continue_watching(self, scope: Any) -> HttpResult:
        try:
            request = _request(scope)
            user_id = await self._user_id(request.authorization)
            query = request.query
            provider = _provider(query)
            limit = _int(query, "limit", CONTINUE_DEFAULT_LIMIT)
            assert limit is not None  # noqa: S101 - a default is given
            if limit < 1:
                raise QueryError("limit", "Input should be greater than or equal to 1")
            if limit > CONTINUE_MAX_LIMIT:
                raise QueryError("limit", f"Input should be less than or equal to {CONTINUE_MAX_LIMIT}")
            model = await get_continue_watching(self._store(), user_id, provider, limit)
            return _ok(request, model, PRIVATE_CACHE_CONTROL, [_VARY_AUTH])
        except Exception as exc:
            return self._failure(scope, exc)

    async def _user_id(self, authorization: str | None) -> int:
        token = bearer_token(authorization)
        verifier = self.runtime.verifier
        if verifier is None:
            raise ReadModelUnavailableError("not started")
        principal = verifier.cached(token, PrincipalKind.USER)
        if principal is None:
            try:
                principal = await verifier.verify(token, PrincipalKind.USER)
            except InvalidTokenError:
                raise ApiError(401, INVALID_USER, headers=BEARER_CHALLENGE) from None
        return principal.id

    def _failure(self, scope: Any, exc: Exception) -> HttpResult:
        """The error answer: the API layer's own errors here, application errors through ``ERROR_MAP``."""
        if isinstance(exc, ApiError):
            return _error(scope, exc.status, exc.code, exc.message, headers=_raw_headers(exc.headers))
        if isinstance(exc, QueryError):
            details = [{"loc": [exc.location, exc.field], "msg": exc.message}]
            return _error(scope, 422, ErrorCode.VALIDATION_ERROR, INVALID_REQUEST_DATA, details=details)
        trace_id = scope.get("state", {}).get("trace_id") or current_trace_id()
        if isinstance(exc, ReadModelUnavailableError):
            _log.warning("Read-model store unavailable", error_type=str(exc), trace_id=trace_id)
        elif isinstance(exc, ReadModelCorruptError):
            _log.error("Stored read model is not valid", key=str(exc), trace_id=trace_id)
        spec = error_spec(exc)
        if spec is None:
            _log.exception("Unhandled error in read endpoint", path=scope.get("path"), trace_id=trace_id)
            return _error(scope, 500, ErrorCode.INTERNAL_ERROR, UNEXPECTED_ERROR)
        message = spec.message if spec.message is not None else str(exc)
        return _error(scope, spec.status, spec.code, message, headers=_raw_headers(spec.headers))


def _raw_headers(headers: Mapping[str, str] | None) -> Headers:
    return [(key.lower().encode("latin-1"), value.encode("latin-1")) for key, value in (headers or {}).items()]
