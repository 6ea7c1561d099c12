"""Reference route 28: catalog counts and the newest titles and episodes (plus the latest admin changes)."""

from __future__ import annotations

from ani_write.application.admin.models import Dashboard
from ani_write.application.ports import UnitOfWorkFactory

__all__ = ["GetDashboardHandler"]


class GetDashboardHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self) -> Dashboard:
        async with self._uow() as uow:
            return await uow.admin.dashboard()
