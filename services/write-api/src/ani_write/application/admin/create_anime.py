"""Create an anime by hand (``source_name="admin"``, a generated ``source_id``).

The slug is the given one (taken → conflict) or derived from the title like imports do (first free candidate).
Imports can never match an admin-created anime (its source key is unique to it), so no field needs a lock.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from ani_write.application.admin.editing import record_created
from ani_write.application.admin.models import UNSET, Actor, AdminAnime, AnimeChanges
from ani_write.application.admin.resources import ANIME
from ani_write.application.errors import CatalogConflictError, SlugUnavailableError
from ani_write.application.ports import UnitOfWork
from ani_write.application.transaction import Transactional
from ani_write.domain.slugs import base_slug, slug_candidates

__all__ = ["ADMIN_SOURCE_NAME", "CreateAnime", "CreateAnimeHandler"]

ADMIN_SOURCE_NAME = "admin"
_SLUG_ROUNDS = 4
_SLUGS_PER_ROUND = 25


@dataclass(frozen=True, slots=True)
class CreateAnime:
    actor: Actor
    #: the editable fields (``title`` required); ``slug`` unset = derive from the title
    values: AnimeChanges


class CreateAnimeHandler(Transactional[CreateAnime, AdminAnime]):
    async def run(self, uow: UnitOfWork, command: CreateAnime) -> AdminAnime:
        source_id = str(uuid.uuid4())
        if command.values.slug is not UNSET:
            anime = await self._insert(uow, command.values, source_id)
            if anime is None:
                raise CatalogConflictError("Slug already in use")
        else:
            anime = await self._insert_with_derived_slug(uow, command.values, source_id)
        await record_created(uow, command.actor, ANIME, anime, anime.ref)
        return anime

    @staticmethod
    async def _insert(uow: UnitOfWork, values: AnimeChanges, source_id: str) -> AdminAnime | None:
        return await uow.admin.insert(ANIME, (ADMIN_SOURCE_NAME, source_id), values, ())

    async def _insert_with_derived_slug(self, uow: UnitOfWork, values: AnimeChanges, source_id: str) -> AdminAnime:
        base = base_slug(str(values.title))
        for round_ in range(_SLUG_ROUNDS):
            candidates = slug_candidates(base, round_ * _SLUGS_PER_ROUND, _SLUGS_PER_ROUND)
            taken = await uow.catalog.taken_slugs(candidates)
            for slug in (candidate for candidate in candidates if candidate not in taken):
                anime = await self._insert(uow, replace(values, slug=slug), source_id)
                if anime is not None:
                    return anime
        raise SlugUnavailableError
