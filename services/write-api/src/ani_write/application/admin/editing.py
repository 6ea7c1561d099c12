"""Steps shared by the admin write use cases: the locked row, the audit row and the outbox events of a change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar
from uuid import UUID

from ani_write.application.admin.models import Actor, AdminAnime, AnimeRef, AuditEntry
from ani_write.application.admin.resources import C, Resource, Row
from ani_write.application.errors import CatalogConflictError
from ani_write.application.ports import UnitOfWork, UnitOfWorkFactory
from ani_write.application.transaction import Transactional
from ani_write.domain.admin import AuditAction, ResourceType, locks_after_edit, snapshot
from ani_write.domain.events import anime_changed, catalog_changed

__all__ = ["ResourceUseCase", "create_row", "lock_row", "record_audit", "record_created", "touch", "touch_anime"]

CommandT = TypeVar("CommandT")
ResultT = TypeVar("ResultT")


class ResourceUseCase(Transactional[CommandT, ResultT], Generic[Row, C, CommandT, ResultT]):
    """A use case that works the same on every curated resource: one handler per resource (``ani_write.bootstrap``)."""

    def __init__(self, uow: UnitOfWorkFactory, resource: Resource[Row, C]) -> None:
        super().__init__(uow)
        self._resource = resource


async def lock_row(uow: UnitOfWork, resource: Resource[Row, C], row_id: UUID) -> tuple[Row, AnimeRef]:
    """The row locked until the transaction ends, with its anime; the resource's not-found error without it."""
    found = await uow.admin.locked(resource, row_id)
    if found is None:
        raise resource.not_found()
    return found


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


def touch(uow: UnitOfWork, resource: Resource[Row, C], anime: AnimeRef, row: Row | None = None) -> None:
    """The events of a change to a row of ``resource`` under ``anime``; ``row``, the row after the change: an anime
    whose slug changed also retires the detail key of its old slug."""
    after = [row.ref] if isinstance(row, AdminAnime) else []
    touch_anime(uow, anime, *after, catalog=resource.catalog)


async def create_row(
    uow: UnitOfWork,
    actor: Actor,
    resource: Resource[Row, C],
    anime: AnimeRef,
    identity: Sequence[object],
    values: C,
    given: Iterable[str],
) -> Row:
    """Insert a row by hand under ``anime``: the import-managed fields the request named (``given``) are locked, so
    a later import of the same source row does not overwrite them; audited and announced like every change."""
    row = await uow.admin.insert(resource, identity, values, locks_after_edit((), given, resource.lockable))
    if row is None:  # only an anime insert skips a taken key instead of raising
        raise CatalogConflictError("The change conflicts with an existing record")
    await record_created(uow, actor, resource, row, anime)
    return row


async def record_created(uow: UnitOfWork, actor: Actor, resource: Resource[Row, C], row: Row, anime: AnimeRef) -> None:
    """The audit row of a create (the row's identity and editable values) and its events."""
    values = {**{name: getattr(row, name) for name in resource.identity}, **row.editable()}
    await record_audit(uow, actor, AuditAction.CREATE, resource.resource_type, row.id, snapshot(values))
    touch(uow, resource, anime)
