"""Public catalog ``/api/v1/anime`` (contract differences: ``docs/contract.md``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from ani_write.api.dependencies import CatalogQueriesDep
from ani_write.api.responses import json_response
from ani_write.api.v1.schemas import AnimeDetailRead, AnimeListItemRead, CatalogSort, EpisodeWithSourcesRead
from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.models import CatalogFilter
from ani_write.domain.enums import AnimeStatus

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/anime", tags=["catalog"])

SlugPath = Annotated[str, Path(min_length=1, max_length=255, pattern=r"^[^\x00]+$")]
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "Anime not found: <slug>"},
    422: {"description": "Invalid request data"},
}


@router.get(
    "",
    response_model=list[AnimeListItemRead],
    responses={
        200: {"headers": {"X-Total-Count": {"description": "Matching titles", "schema": {"type": "integer"}}}},
        422: {"description": "Invalid request data"},
    },
)
async def list_anime(
    queries: CatalogQueriesDep,
    skip: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    year: Annotated[int | None, Query(ge=0, le=2100, description="Exact year; 0 means no filter")] = None,
    status: AnimeStatus | None = None,
    genre: Annotated[str | None, Query(min_length=1, max_length=100, description="Case-insensitive")] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Search in titles and alternative titles")
    ] = None,
    sort: CatalogSort = "title",
) -> Response:
    """Active titles, filtered, searched (trigram index) and sorted; the total is in ``X-Total-Count``."""
    page = await queries.list_anime(
        CatalogFilter(
            skip=skip,
            limit=limit,
            year=year,
            status=status.value if status else None,
            genre=genre,
            q=q.strip() or None if q else None,
            sort=sort,
        )
    )
    return json_response(page.items, headers={"X-Total-Count": str(page.total)})


@router.get("/{slug}", response_model=AnimeDetailRead, responses=_NOT_FOUND)
async def get_anime(slug: SlugPath, queries: CatalogQueriesDep) -> Response:
    anime = await queries.anime_by_slug(slug)
    if anime is None:
        raise AnimeNotFoundError(slug)
    return json_response(anime)


@router.get("/{slug}/episodes", response_model=list[EpisodeWithSourcesRead], responses=_NOT_FOUND)
async def list_episodes(slug: SlugPath, queries: CatalogQueriesDep) -> Response:
    """Active episodes with their active sources (priority descending), in two joined tables, one query."""
    episodes = await queries.episodes_by_slug(slug)
    if episodes is None:
        raise AnimeNotFoundError(slug)
    return json_response(episodes)
