"""Admin operations: the audit log viewer and the read-model rebuild trigger (``docs/contract.md``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import Query
from fastapi.responses import Response

from ani_write.api.dependencies import AdminActor, AdminQueriesDep, HandlersDep
from ani_write.api.responses import json_response
from ani_write.api.v1.admin_common import NOT_FOUND, admin_router, audit_log, page, rebuild_job
from ani_write.api.v1.admin_schemas import AuditLogPageRead, RebuildJobRead, RebuildRequest, RebuildStartedRead
from ani_write.application.admin.models import AuditFilter
from ani_write.application.admin.request_rebuild import RequestRebuild
from ani_write.application.errors import RebuildJobNotFoundError
from ani_write.domain.admin import AuditAction, ResourceType

__all__ = ["router"]

router = admin_router()


@router.get("/audit-logs", response_model=AuditLogPageRead)
async def list_audit_logs(
    queries: AdminQueriesDep,
    page_: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 50,
    admin_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    resource_type: ResourceType | None = None,
    resource_id: Annotated[str | None, Query(min_length=1, max_length=255)] = None,
    action: AuditAction | None = None,
    since: Annotated[datetime | None, Query(description="Inclusive lower bound of created_at")] = None,
    until: Annotated[datetime | None, Query(description="Exclusive upper bound of created_at")] = None,
) -> Response:
    """Admin changes, newest first."""
    query = AuditFilter(
        page=page_,
        per_page=per_page,
        admin_id=admin_id,
        resource_type=resource_type.value if resource_type else None,
        resource_id=resource_id,
        action=action.value if action else None,
        since=since,
        until=until,
    )
    result = await queries.audit_logs(query)
    return json_response(page(result, [audit_log(entry) for entry in result.items]))


@router.post("/read-models/rebuild", status_code=202, response_model=RebuildStartedRead)
async def request_rebuild(body: RebuildRequest, actor: AdminActor, handlers: HandlersDep) -> Response:
    """Queue a read-model rebuild; the projector runs it. Follow it with ``GET …/rebuild/{job_id}``."""
    job = await handlers.request_rebuild(RequestRebuild(actor, body.scope, body.target))
    return json_response({"job_id": job.id, "status": job.status}, status_code=202)


@router.get("/read-models/rebuild/{job_id}", response_model=RebuildJobRead, responses=NOT_FOUND)
async def get_rebuild_job(job_id: UUID, queries: AdminQueriesDep) -> Response:
    """The job's status (``pending`` → ``running`` → ``succeeded``/``failed``) and progress (``done`` of ``total``)."""
    job = await queries.rebuild_job(job_id)
    if job is None:
        raise RebuildJobNotFoundError
    return json_response(rebuild_job(job))
