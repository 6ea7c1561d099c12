"""Addition: create an anime by hand (``source_name="admin"``, a generated ``source_id``).

The slug is the given one (taken → conflict) or derived from the title like imports do (first free candidate).
Imports can never match an admin-created anime (its source key is unique to it), so no field needs a lock.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from ani_write.application.admin.editing import record_audit, touch_anime
from ani_write.application.admin.models import ANIME_EDITABLE, Actor, AdminAnime
from ani_write.application.errors import CatalogConflictError, SlugUnavailableError
from ani_write.application.ports import UnitOfWork, UnitOfWorkFactory
from ani_write.domain.admin import AuditAction, ResourceType, snapshot
from ani_write.domain.slugs import base_slug, slug_candidates

__all__ = ["ADMIN_SOURCE_NAME", "CreateAnime", "CreateAnimeHandler"]

ADMIN_SOURCE_NAME = "admin"
_SLUG_ROUNDS = 4
_SLUGS_PER_ROUND = 25


@dataclass(frozen=True, slots=True)
class CreateAnime:
    actor: Actor
    #: editable fields (``ANIME_EDITABLE``); ``slug`` ``None`` = derive from the title
    values: dict[str, Any]


class CreateAnimeHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: CreateAnime) -> AdminAnime:
        values = {name: command.values.get(name) for name in ANIME_EDITABLE}
        if values["is_active"] is None:
            values["is_active"] = True
        source_id = str(uuid.uuid4())
        async with self._uow() as uow:
            if values["slug"] is not None:
                anime = await self._insert(uow, values, source_id)
                if anime is None:
                    raise CatalogConflictError("Slug already in use")
            else:
                anime = await self._insert_with_derived_slug(uow, values, source_id)
            await record_audit(
                uow,
                command.actor,
                AuditAction.CREATE,
                ResourceType.ANIME,
                anime.id,
                snapshot({**anime.editable(), "source_name": anime.source_name, "source_id": anime.source_id}),
            )
            touch_anime(uow, anime.ref, catalog=True)
            await uow.commit()
        return anime

    @staticmethod
    async def _insert(uow: UnitOfWork, values: dict[str, Any], source_id: str) -> AdminAnime | None:
        return await uow.admin.insert_anime(
            values, source_name=ADMIN_SOURCE_NAME, source_id=source_id, locked_fields=()
        )

    async def _insert_with_derived_slug(self, uow: UnitOfWork, values: dict[str, Any], source_id: str) -> AdminAnime:
        base = base_slug(str(values["title"]))
        for round_ in range(_SLUG_ROUNDS):
            candidates = slug_candidates(base, round_ * _SLUGS_PER_ROUND, _SLUGS_PER_ROUND)
            taken = await uow.catalog.taken_slugs(candidates)
            for slug in (candidate for candidate in candidates if candidate not in taken):
                anime = await self._insert(uow, {**values, "slug": slug}, source_id)
                if anime is not None:
                    return anime
        raise SlugUnavailableError
