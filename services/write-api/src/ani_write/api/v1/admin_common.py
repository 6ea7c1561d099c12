"""What the admin routers share: the router factory (admin auth on every route), documented errors, and the JSON
shapes of the use cases' results."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from ani_common.auth_deps import require_admin
from ani_write.application.admin.models import AuditLog, Page, RebuildJob

__all__ = [
    "AUTH_ERRORS",
    "CONFLICT",
    "NOT_FOUND",
    "admin_router",
    "audit_log",
    "no_content",
    "page",
    "rebuild_job",
]

Responses = dict[int | str, dict[str, Any]]

AUTH_ERRORS: Responses = {
    401: {"description": "Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`)"},
    403: {"description": "Admin access required (a user token)"},
    422: {"description": "Invalid request data"},
}
NOT_FOUND: Responses = {404: {"description": "Not found"}}
CONFLICT: Responses = {409: {"description": "Conflict with an existing record (slug, source id, video source)"}}


def admin_router(tag: str = "admin") -> APIRouter:
    return APIRouter(prefix="/api/v1/admin", tags=[tag], dependencies=[Depends(require_admin)], responses=AUTH_ERRORS)


def no_content() -> Response:
    """204 with an empty body (the replaced system still sent ``Content-Type: application/json``)."""
    return Response(status_code=204, media_type="application/json")


def page(result: Page[Any], items: list[Any] | None = None) -> dict[str, Any]:
    return {
        "items": result.items if items is None else items,
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "total_pages": result.total_pages,
    }


def audit_log(entry: AuditLog) -> dict[str, Any]:
    return asdict(entry)


def rebuild_job(job: RebuildJob) -> dict[str, Any]:
    body = asdict(job)
    body["job_id"] = body.pop("id")
    return body
