"""``/api/v1/me``: the caller's library, progress and history (contract differences: ``docs/contract.md``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import Response
from starlette.datastructures import State

from ani_common.auth_deps import CurrentUser
from ani_common.readmodels.keys import DEFAULT_PROVIDER
from ani_write.api.dependencies import HandlersDep, Provider, UserQueriesDep
from ani_write.api.responses import json_response
from ani_write.api.v1.schemas import (
    HistoryRead,
    LegacyImportRequest,
    LegacyImportResponse,
    LibraryItemRead,
    LibraryUpdate,
    MessageRead,
    ProgressRead,
    ProgressUpdate,
)
from ani_write.api.write_limits import LibraryWriteLimit, ProgressWriteLimit
from ani_write.application.commands.clear_history import ClearHistory
from ani_write.application.commands.delete_history_entry import DeleteHistoryEntry
from ani_write.application.commands.delete_library_item import DeleteLibraryItem
from ani_write.application.commands.import_legacy_data import ImportLegacyData, LegacyProgressItem, LegacySavedItem
from ani_write.application.commands.put_library_item import PutLibraryItem
from ani_write.application.commands.record_progress import RecordProgress, RecordProgressHandler
from ani_write.application.ports import LibraryChanges
from ani_write.domain.enums import LibraryStatus

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/me", tags=["me"])

_AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing, malformed, expired or revoked access token (or an admin token)"}
}
_VALIDATION: dict[int | str, dict[str, Any]] = {422: {"description": "Invalid request data"}}
_CAPPED: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid request data, or a new row past the user's cap (`Limit reached: …`)"},
    429: {"description": "Too many writes of this user (`RATE_LIMIT_EXCEEDED`, `Retry-After`)"},
}
TitleIdPath = Annotated[str, Path(min_length=1, max_length=255, pattern=r"^[^\x00]+$")]


@router.get("/library", response_model=list[LibraryItemRead], responses=_AUTH | _VALIDATION)
async def list_library(
    user: CurrentUser,
    queries: UserQueriesDep,
    provider: Provider = DEFAULT_PROVIDER,
    status: LibraryStatus | None = None,
    favorites: bool = False,
) -> Response:
    return json_response(await queries.library(user.id, provider, status.value if status else None, favorites))


@router.put(
    "/library/{title_id}",
    response_model=LibraryItemRead,
    responses=_AUTH | _CAPPED,
    dependencies=[LibraryWriteLimit],
)
async def put_library_item(
    user: CurrentUser,
    title_id: TitleIdPath,
    body: Annotated[LibraryUpdate, Body()],
    handlers: HandlersDep,
    provider: Provider = DEFAULT_PROVIDER,
) -> Response:
    changes = LibraryChanges(
        status=body.status.value if body.status else None,
        is_favorite=body.is_favorite,
        score=body.score,
        clear_score="score" in body.model_fields_set and body.score is None,
        episodes_watched=body.episodes_watched,
    )
    return json_response(await handlers.put_library_item(PutLibraryItem(user.id, provider, title_id, changes)))


@router.delete(
    "/library/{title_id}",
    response_model=MessageRead,
    responses=_AUTH | _CAPPED | {404: {"description": "Library item not found"}},
    dependencies=[LibraryWriteLimit],
)
async def delete_library_item(
    user: CurrentUser, title_id: TitleIdPath, handlers: HandlersDep, provider: Provider = DEFAULT_PROVIDER
) -> Response:
    await handlers.delete_library_item(DeleteLibraryItem(user.id, provider, title_id))
    return json_response({"message": "Library item removed"})


@router.get("/progress", response_model=list[ProgressRead], responses=_AUTH | _VALIDATION)
async def list_progress(
    user: CurrentUser,
    queries: UserQueriesDep,
    provider: Provider = DEFAULT_PROVIDER,
    title_id: Annotated[str | None, Query(min_length=1, max_length=255)] = None,
) -> Response:
    return json_response(await queries.progress(user.id, provider, title_id))


@router.put(
    "/progress/{episode_id}",
    response_model=ProgressRead,
    responses=_AUTH | _CAPPED,
    dependencies=[ProgressWriteLimit],
)
async def put_progress(
    request: Request,
    user: CurrentUser,
    episode_id: TitleIdPath,
    body: ProgressUpdate,
    provider: Provider = DEFAULT_PROVIDER,
) -> Response:
    """Upsert the progress, touch (or add) the episode's history entry, and write the outbox: one transaction."""
    # The hot path: the handler is built once per app (no per-request dependency to solve).
    command = RecordProgress(
        user.id,
        provider,
        episode_id,
        body.title_id,
        body.position_seconds,
        body.duration_seconds,
        body.translation_id,
    )
    return json_response(await record_progress_handler_for(request.app.state)(command))


def record_progress_handler_for(state: State) -> RecordProgressHandler:
    """The app's one progress handler, built by ``ani_write.bootstrap`` (also used by the pure-ASGI fast path,
    ``ani_write.api.fast``)."""
    handler: RecordProgressHandler = state.record_progress_handler
    return handler


@router.get("/history", response_model=list[HistoryRead], responses=_AUTH | _VALIDATION)
async def list_history(
    user: CurrentUser,
    queries: UserQueriesDep,
    provider: Provider = DEFAULT_PROVIDER,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    before: Annotated[datetime | None, Query(description="Only entries watched before this instant (paging).")] = None,
) -> Response:
    if before is not None and before.tzinfo is None:
        before = before.replace(tzinfo=UTC)
    return json_response(await queries.history(user.id, provider, limit, before))


@router.delete(
    "/history/{history_id}",
    response_model=MessageRead,
    responses=_AUTH | _VALIDATION | {404: {"description": "History entry not found"}},
)
async def delete_history_entry(
    user: CurrentUser, history_id: Annotated[int, Path(ge=1, le=2**63 - 1)], handlers: HandlersDep
) -> Response:
    await handlers.delete_history_entry(DeleteHistoryEntry(user.id, history_id))
    return json_response({"message": "History entry deleted"})


@router.delete("/history", response_model=MessageRead, responses=_AUTH | _VALIDATION)
async def clear_history(user: CurrentUser, handlers: HandlersDep, provider: Provider = DEFAULT_PROVIDER) -> Response:
    count = await handlers.clear_history(ClearHistory(user.id, provider))
    return json_response({"message": f"Cleared {count} history entries"})


@router.post(
    "/import-legacy",
    response_model=LegacyImportResponse,
    responses=_AUTH | _CAPPED,
    dependencies=[LibraryWriteLimit],
)
async def import_legacy(user: CurrentUser, body: LegacyImportRequest, handlers: HandlersDep) -> Response:
    """Import the browser's localStorage data once; invalid items are skipped, newer data is never overwritten."""
    command = ImportLegacyData(
        user_id=user.id,
        provider=body.provider,
        progress=[
            LegacyProgressItem(item.anime_id, item.episode_number, item.current_time, item.duration, item.updated_at)
            for item in body.progress
        ],
        saved=[LegacySavedItem(series.id, series.saved_at) for series in body.saved_series],
    )
    result = await handlers.import_legacy_data(command)
    imported = result.progress_imported + result.library_imported
    skipped = result.progress_skipped + result.library_skipped
    return json_response(
        {
            "success": True,
            "progress_imported": result.progress_imported,
            "progress_skipped": result.progress_skipped,
            "library_imported": result.library_imported,
            "library_skipped": result.library_skipped,
            "message": f"Imported {imported} items, skipped {skipped} items (already up-to-date)",
        }
    )
