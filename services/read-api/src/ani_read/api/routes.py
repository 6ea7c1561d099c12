"""FastAPI routes of the read endpoints: they define the OpenAPI document.

Requests normally never reach them (:mod:`ani_read.api.fast` answers ``GET``/``HEAD`` first; FastAPI serves them
while OpenTelemetry is on). One that does is served by the very same :class:`~ani_read.api.endpoints.ReadEndpoints`
code, parsing and validation included: the routes' parameters document the endpoints' rules, FastAPI does not
apply them (:class:`ReadRoute`), so the two ways cannot answer differently (``tests/test_fast_path.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute

from ani_common.readmodels.catalog import MAX_LIMIT, MAX_Q_LENGTH, CatalogSort
from ani_common.readmodels.keys import DEFAULT_PROVIDER, PROVIDER_REGEX
from ani_read.api.endpoints import HttpResult, ReadEndpoints
from ani_read.api.schemas import (
    AnimeDetailRead,
    CatalogItemRead,
    ContinueItemRead,
    ErrorBody,
    GenreCountRead,
    HistoryLastRead,
    LibraryEntryRead,
    ProgressEntryRead,
    TitleStateRead,
)
from ani_read.application.get_continue_watching import CONTINUE_DEFAULT_LIMIT, CONTINUE_MAX_LIMIT
from ani_read.application.get_user_model import UserModel

__all__ = ["build_read_router"]

Provider = Annotated[
    str,
    Query(
        pattern=PROVIDER_REGEX,
        description=f"Data namespace (`{PROVIDER_REGEX}`); our frontend uses `{DEFAULT_PROVIDER}`.",
    ),
]

_CACHE_HEADERS = {
    "ETag": {"description": "Strong validator of the stored bytes", "schema": {"type": "string"}},
    "Cache-Control": {"description": "Caching policy", "schema": {"type": "string"}},
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified (If-None-Match matched the ETag)"},
    404: {"model": ErrorBody, "description": "Read model not projected"},
    422: {"model": ErrorBody, "description": "Invalid query parameter"},
    503: {"model": ErrorBody, "description": "Read-model store unavailable (Retry-After)"},
}
_NO_QUERY_ERRORS = {code: spec for code, spec in _ERRORS.items() if code != 422}
_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    401: {"model": ErrorBody, "description": "Missing, invalid or non-user token"},
}


def _ok(model: Any, *, extra_headers: dict[str, Any] | None = None) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "headers": {**_CACHE_HEADERS, **(extra_headers or {})}}}


class ReadRoute(APIRoute):
    """A route FastAPI documents (parameters, responses) but does not parse: the request goes straight to the route
    function with its path parameters, which hands the scope to :class:`ReadEndpoints` (FastAPI's documented
    ``get_route_handler`` customisation). Query parameters are declared for the OpenAPI document only."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint = self.endpoint

        async def handler(request: Request) -> Response:
            response: Response = await endpoint(request=request, **request.path_params)
            return response

        return handler


def _response(request: Request, result: HttpResult) -> Response:
    status, headers, body = result
    response = Response(content=b"" if request.method == "HEAD" else body, status_code=status)
    response.raw_headers = [*headers, (b"content-length", str(len(body)).encode())]
    return response


def _with_head(router: APIRouter) -> APIRouter:
    """``HEAD`` on every read route, answered like ``GET`` without the body (as the fast path answers it), and left
    out of the OpenAPI document; FastAPI's ``GET`` routes do not answer ``HEAD`` by themselves."""
    for route in list(router.routes):
        if isinstance(route, APIRoute):
            router.add_api_route(
                route.path_format.removeprefix(router.prefix),
                route.endpoint,
                methods=["HEAD"],
                response_class=Response,
                include_in_schema=False,
            )
    return router


def build_read_router(endpoints: ReadEndpoints) -> APIRouter:
    router = APIRouter(prefix="/api/read", tags=["read"], route_class=ReadRoute)

    @router.get(
        "/anime",
        summary="Catalog page (filters, sort, paging)",
        response_class=Response,
        responses={
            **_ok(list[CatalogItemRead], extra_headers={"X-Total-Count": {"schema": {"type": "integer"}}}),
            **_ERRORS,
        },
    )
    async def list_anime(
        request: Request,
        skip: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
        year: Annotated[int | None, Query(description="Exact year; 0 means no filter")] = None,
        status: Annotated[str | None, Query(pattern="^(ongoing|completed|upcoming)$")] = None,
        genre: Annotated[str | None, Query(description="Case-insensitive genre")] = None,
        q: Annotated[
            str | None, Query(max_length=MAX_Q_LENGTH, description="Case-insensitive substring of title/alt titles")
        ] = None,
        sort: CatalogSort = CatalogSort.TITLE,
    ) -> Response:
        return _response(request, await endpoints.catalog(request.scope))

    @router.get(
        "/anime/{slug}",
        summary="Anime detail with active episodes and sources",
        response_class=Response,
        responses={**_ok(AnimeDetailRead), **_ERRORS},
    )
    async def get_anime(request: Request, slug: str) -> Response:
        return _response(request, await endpoints.anime_detail(request.scope, slug))

    @router.get(
        "/genres",
        summary="Genres of the active catalog with their number of titles, by name (the genre filter's facet)",
        response_class=Response,
        responses={**_ok(list[GenreCountRead]), **_NO_QUERY_ERRORS},
    )
    async def list_genres(request: Request) -> Response:
        return _response(request, await endpoints.genres(request.scope))

    @router.get(
        "/me/library",
        summary="The caller's library",
        response_class=Response,
        responses={**_ok(list[LibraryEntryRead]), **_AUTH_ERRORS},
    )
    async def my_library(request: Request, provider: Provider = DEFAULT_PROVIDER) -> Response:
        return _response(request, await endpoints.user_model(request.scope, UserModel.LIBRARY))

    @router.get(
        "/me/progress",
        summary="The caller's watch progress",
        response_class=Response,
        responses={**_ok(list[ProgressEntryRead]), **_AUTH_ERRORS},
    )
    async def my_progress(request: Request, provider: Provider = DEFAULT_PROVIDER) -> Response:
        return _response(request, await endpoints.user_model(request.scope, UserModel.PROGRESS))

    @router.get(
        "/me/history/last",
        summary="The caller's last history entry (null when there is none)",
        response_class=Response,
        responses={**_ok(HistoryLastRead | None), **_AUTH_ERRORS},
    )
    async def my_last_history(request: Request, provider: Provider = DEFAULT_PROVIDER) -> Response:
        return _response(request, await endpoints.user_model(request.scope, UserModel.HISTORY_LAST))

    @router.get(
        "/me/titles/{title_id}",
        summary="The caller's state of one title: library row, chosen translation, progress per episode",
        response_class=Response,
        responses={**_ok(TitleStateRead), **{c: v for c, v in _AUTH_ERRORS.items() if c != 404}},
    )
    async def my_title(
        request: Request,
        title_id: Annotated[str, Path(min_length=1, max_length=255)],
        provider: Provider = DEFAULT_PROVIDER,
    ) -> Response:
        return _response(request, await endpoints.title_state(request.scope, title_id))

    @router.get(
        "/me/continue",
        summary="The caller's continue-watching row, newest first",
        response_class=Response,
        responses={**_ok(list[ContinueItemRead]), **{c: v for c, v in _AUTH_ERRORS.items() if c != 404}},
    )
    async def my_continue(
        request: Request,
        provider: Provider = DEFAULT_PROVIDER,
        limit: Annotated[int, Query(ge=1, le=CONTINUE_MAX_LIMIT)] = CONTINUE_DEFAULT_LIMIT,
    ) -> Response:
        return _response(request, await endpoints.continue_watching(request.scope))

    return _with_head(router)
