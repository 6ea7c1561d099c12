"""Reference route 37: every video source of an episode (inactive included), highest priority first."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.models import AdminVideo
from ani_write.application.errors import EpisodeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory

__all__ = ["EpisodeVideos", "ListVideosForAdminHandler"]


@dataclass(frozen=True, slots=True)
class EpisodeVideos:
    episode_number: int
    items: list[AdminVideo]


class ListVideosForAdminHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, episode_id: UUID) -> EpisodeVideos:
        async with self._uow() as uow:
            found = await uow.admin.get_episode(episode_id)
            if found is None:
                raise EpisodeNotFoundError
            return EpisodeVideos(episode_number=found[0].number, items=await uow.admin.list_videos(episode_id))
