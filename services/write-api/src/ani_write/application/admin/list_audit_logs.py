"""Addition: the audit log, newest first, paged and filtered (admin, resource, action, time range)."""

from __future__ import annotations

from ani_write.application.admin.models import AuditFilter, AuditLog, Page
from ani_write.application.ports import UnitOfWorkFactory

__all__ = ["ListAuditLogsHandler"]


class ListAuditLogsHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: AuditFilter) -> Page[AuditLog]:
        async with self._uow() as uow:
            return await uow.admin.list_audit_logs(query)
