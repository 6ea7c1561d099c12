"""Add an episode by hand (validated). The import-managed fields the admin gave are locked, so a later import of the
same ``source_episode_id`` does not overwrite them. A taken ``(anime_id, source_episode_id)`` → conflict."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ani_write.application.admin.editing import create_row
from ani_write.application.admin.models import Actor, AdminEpisode, EpisodeChanges
from ani_write.application.admin.resources import EPISODE
from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional

__all__ = ["CreateEpisode", "CreateEpisodeHandler"]


@dataclass(frozen=True, slots=True)
class CreateEpisode:
    actor: Actor
    anime_id: UUID
    source_episode_id: str
    #: ``number`` (required), ``season``, ``title``, ``is_active``
    values: EpisodeChanges
    #: the fields the request named explicitly (these are locked)
    given: frozenset[str]


class CreateEpisodeHandler(Transactional[CreateEpisode, AdminEpisode]):
    async def run(self, uow: UnitOfWork, command: CreateEpisode) -> AdminEpisode:
        anime = await uow.admin.anime_ref(command.anime_id)
        if anime is None:
            raise AnimeNotFoundError
        identity = (anime.id, command.source_episode_id)
        return await create_row(uow, command.actor, EPISODE, anime, identity, command.values, command.given)
