"""Reference route 33, validated: add an episode by hand. The import-managed fields the admin gave are locked, so a
later import of the same ``source_episode_id`` does not overwrite them. A taken ``(anime_id, source_episode_id)`` →
conflict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import Actor, AdminEpisode
from ani_write.application.errors import AnimeNotFoundError
from ani_write.application.ports import UnitOfWorkFactory
from ani_write.domain.admin import EPISODE_LOCKABLE_FIELDS, AuditAction, ResourceType, locks_after_edit, snapshot

__all__ = ["CreateEpisode", "CreateEpisodeHandler"]


@dataclass(frozen=True, slots=True)
class CreateEpisode:
    actor: Actor
    anime_id: UUID
    source_episode_id: str
    #: ``number``, ``season``, ``title``, ``is_active``
    values: dict[str, Any]
    #: the fields the request named explicitly (these are locked)
    given: frozenset[str]


class CreateEpisodeHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: CreateEpisode) -> AdminEpisode:
        async with self._uow() as uow:
            anime = await uow.admin.anime_ref(command.anime_id)
            if anime is None:
                raise AnimeNotFoundError
            locks = locks_after_edit((), command.given, EPISODE_LOCKABLE_FIELDS)
            episode = await uow.admin.insert_episode(anime.id, command.source_episode_id, command.values, locks)
            await record_audit(
                uow,
                command.actor,
                AuditAction.CREATE,
                ResourceType.EPISODE,
                episode.id,
                snapshot(
                    {
                        "anime_id": episode.anime_id,
                        "source_episode_id": episode.source_episode_id,
                        **episode.editable(),
                    }
                ),
            )
            touch_anime(uow, anime)
            await uow.commit()
        return episode
