"""Helpers shared by the admin write use cases: the audit row and the outbox events of a change."""

from __future__ import annotations

from typing import Any

from ani_write.application.admin.models import Actor, AnimeRef, AuditEntry
from ani_write.application.ports import UnitOfWork
from ani_write.domain.admin import AuditAction, ResourceType
from ani_write.domain.events import anime_changed, catalog_changed

__all__ = ["record_audit", "touch_anime"]


async def record_audit(
    uow: UnitOfWork,
    actor: Actor,
    action: AuditAction,
    resource_type: ResourceType,
    resource_id: object,
    changes: dict[str, Any] | None,
) -> None:
    """Write the audit row in the unit of work's transaction (committed with the change, or not at all)."""
    await uow.admin.add_audit(
        AuditEntry(
            actor=actor,
            action=action.value,
            resource_type=resource_type.value,
            resource_id=str(resource_id),
            changes=changes,
        )
    )


def touch_anime(uow: UnitOfWork, *anime: AnimeRef, catalog: bool = False) -> None:
    """The events the read models need: the detail of every anime (by slug), and the catalog when it may change."""
    for ref in anime:
        uow.events.add(anime_changed(str(ref.id), ref.slug))
    if catalog:
        uow.events.add(catalog_changed())
