"""Addition: delete an episode with its video sources (one transaction, audited)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import Actor
from ani_write.application.errors import EpisodeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.admin import AuditAction, ResourceType, snapshot

__all__ = ["DeleteEpisode", "DeleteEpisodeHandler"]


@dataclass(frozen=True, slots=True)
class DeleteEpisode:
    actor: Actor
    episode_id: UUID


class DeleteEpisodeHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: DeleteEpisode) -> None:
        async with self._uow() as uow:
            found = await uow.admin.get_episode(command.episode_id, lock=True)
            if found is None:
                raise EpisodeNotFoundError
            current, anime = found
            if not await uow.admin.delete_episode(current.id):
                raise EpisodeNotFoundError
            await record_audit(
                uow,
                command.actor,
                AuditAction.DELETE,
                ResourceType.EPISODE,
                current.id,
                snapshot(
                    {
                        "anime_id": current.anime_id,
                        "source_episode_id": current.source_episode_id,
                        "number": current.number,
                        "title": current.title,
                    }
                ),
            )
            touch_anime(uow, anime)
            await uow.commit()
