"""``/api/v1/me``: the caller's library, progress and history (reference §1.5 with contract-changes 16-20)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import Response
from starlette.datastructures import State

from ani_common.auth_deps import CurrentUser
from ani_common.readmodels.keys import DEFAULT_PROVIDER
from ani_write.api.dependencies import Provider, UnitOfWorkDep, UserQueriesDep
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
from ani_write.application.commands.clear_history import ClearHistory, ClearHistoryHandler
from ani_write.application.commands.delete_history_entry import DeleteHistoryEntry, DeleteHistoryEntryHandler
from ani_write.application.commands.delete_library_item import DeleteLibraryItem, DeleteLibraryItemHandler
from ani_write.application.commands.import_legacy_data import ImportLegacyData, ImportLegacyDataHandler
from ani_write.application.commands.put_library_item import PutLibraryItem, PutLibraryItemHandler
from ani_write.application.commands.record_progress import RecordProgress, RecordProgressHandler
from ani_write.application.ports import LegacyProgress, LegacySaved, LibraryChanges
from ani_write.application.queries.list_history import ListHistory, ListHistoryHandler
from ani_write.application.queries.list_library import ListLibrary, ListLibraryHandler
from ani_write.application.queries.list_progress import ListProgress, ListProgressHandler
from ani_write.domain.enums import LibraryStatus
from ani_write.domain.errors import InvalidProgressError
from ani_write.domain.progress import validate_progress

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
    items = await ListLibraryHandler(queries)(ListLibrary(user.id, provider, status, favorites))
    return json_response(items)


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
    uow: UnitOfWorkDep,
    provider: Provider = DEFAULT_PROVIDER,
) -> Response:
    changes = LibraryChanges(
        status=body.status.value if body.status else None,
        is_favorite=body.is_favorite,
        score=body.score,
        clear_score="score" in body.model_fields_set and body.score is None,
        episodes_watched=body.episodes_watched,
    )
    item = await PutLibraryItemHandler(uow)(PutLibraryItem(user.id, provider, title_id, changes))
    return json_response(item)


@router.delete(
    "/library/{title_id}",
    response_model=MessageRead,
    responses=_AUTH | _CAPPED | {404: {"description": "Library item not found"}},
    dependencies=[LibraryWriteLimit],
)
async def delete_library_item(
    user: CurrentUser, title_id: TitleIdPath, uow: UnitOfWorkDep, provider: Provider = DEFAULT_PROVIDER
) -> Response:
    await DeleteLibraryItemHandler(uow)(DeleteLibraryItem(user.id, provider, title_id))
    return json_response({"message": "Library item removed"})


@router.get("/progress", response_model=list[ProgressRead], responses=_AUTH | _VALIDATION)
async def list_progress(
    user: CurrentUser,
    queries: UserQueriesDep,
    provider: Provider = DEFAULT_PROVIDER,
    title_id: Annotated[str | None, Query(min_length=1, max_length=255)] = None,
) -> Response:
    return json_response(await ListProgressHandler(queries)(ListProgress(user.id, provider, title_id)))


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
    """The app's one progress handler (also used by the pure-ASGI fast path, ``ani_write.api.fast``)."""
    handler: RecordProgressHandler | None = getattr(state, "record_progress_handler", None)
    if handler is None:
        handler = RecordProgressHandler(state.uow_factory)
        state.record_progress_handler = handler
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
    return json_response(await ListHistoryHandler(queries)(ListHistory(user.id, provider, limit, before)))


@router.delete(
    "/history/{history_id}",
    response_model=MessageRead,
    responses=_AUTH | _VALIDATION | {404: {"description": "History entry not found"}},
)
async def delete_history_entry(
    user: CurrentUser, history_id: Annotated[int, Path(ge=1, le=2**63 - 1)], uow: UnitOfWorkDep
) -> Response:
    await DeleteHistoryEntryHandler(uow)(DeleteHistoryEntry(user.id, history_id))
    return json_response({"message": "History entry deleted"})


@router.delete("/history", response_model=MessageRead, responses=_AUTH | _VALIDATION)
async def clear_history(user: CurrentUser, uow: UnitOfWorkDep, provider: Provider = DEFAULT_PROVIDER) -> Response:
    count = await ClearHistoryHandler(uow)(ClearHistory(user.id, provider))
    return json_response({"message": f"Cleared {count} history entries"})


def _from_epoch_ms(value: int) -> datetime | None:
    if value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


@router.post(
    "/import-legacy",
    response_model=LegacyImportResponse,
    responses=_AUTH | _CAPPED,
    dependencies=[LibraryWriteLimit],
)
async def import_legacy(user: CurrentUser, body: LegacyImportRequest, uow: UnitOfWorkDep) -> Response:
    """Import the browser's localStorage data once; invalid items are skipped, newer data is never overwritten."""
    progress: dict[str, LegacyProgress] = {}
    invalid_progress = 0
    for item in body.progress:
        at = _from_epoch_ms(item.updated_at)
        try:
            validate_progress(item.current_time, item.duration)
        except InvalidProgressError:
            at = None
        if not item.anime_id or at is None:
            invalid_progress += 1
            continue
        episode_id = f"{item.anime_id}-ep-{item.episode_number}"
        entry = LegacyProgress(item.anime_id, episode_id, item.current_time, item.duration, at)
        previous = progress.get(episode_id)
        if previous is not None:
            invalid_progress += 1  # a duplicate in the payload: the newest one wins
            if previous.updated_at >= at:
                continue
        progress[episode_id] = entry
    saved: dict[str, LegacySaved] = {}
    invalid_saved = 0
    for series in body.saved_series:
        at = _from_epoch_ms(series.saved_at)
        if not series.id or at is None:
            invalid_saved += 1
            continue
        previous_saved = saved.get(series.id)
        if previous_saved is not None:
            invalid_saved += 1
            if previous_saved.saved_at >= at:
                continue
        saved[series.id] = LegacySaved(series.id, at)
    result = await ImportLegacyDataHandler(uow)(
        ImportLegacyData(
            user_id=user.id,
            provider=body.provider,
            progress=tuple(progress.values()),
            progress_invalid=invalid_progress,
            saved=tuple(saved.values()),
            saved_invalid=invalid_saved,
        )
    )
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
