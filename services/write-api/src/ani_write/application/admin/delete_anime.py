"""Addition: delete an anime with its episodes and video sources (one transaction, audited)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import Actor
from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.admin import AuditAction, ResourceType, snapshot

__all__ = ["DeleteAnime", "DeleteAnimeHandler"]


@dataclass(frozen=True, slots=True)
class DeleteAnime:
    actor: Actor
    anime_id: UUID


class DeleteAnimeHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: DeleteAnime) -> None:
        async with self._uow() as uow:
            current = await uow.admin.get_anime(command.anime_id, lock=True)
            if current is None or not await uow.admin.delete_anime(current.id):
                raise AnimeNotFoundError
            await record_audit(
                uow,
                command.actor,
                AuditAction.DELETE,
                ResourceType.ANIME,
                current.id,
                snapshot(
                    {
                        "title": current.title,
                        "slug": current.slug,
                        "source_name": current.source_name,
                        "source_id": current.source_id,
                    }
                ),
            )
            touch_anime(uow, current.ref, catalog=True)
            await uow.commit()
