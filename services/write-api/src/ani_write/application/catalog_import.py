"""The import algorithm shared by the internal import use cases, run inside one unit of work.

* Anime are upserted on ``(source_name, source_id)``, episodes on ``(anime_id, source_episode_id)``, video sources on
  ``(episode_id, url, source_name)``: each key is a database unique constraint, and inserts use
  ``ON CONFLICT DO NOTHING`` so a concurrent importer can never create a duplicate.
* The slug is derived once, on create; the unique constraint decides between racing imports (no check-then-insert).
* Only differing, unlocked fields are written: an identical re-import writes nothing and emits no event.
* A constant number of statements per title, whatever its number of episodes and sources (no N+1).
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from ani_write.application.errors import SlugUnavailableError
from ani_write.application.models import ImportResult, StoredAnime
from ani_write.application.ports import UnitOfWork
from ani_write.domain.catalog import (
    ANIME_IMPORT_FIELDS,
    AnimeImport,
    ChangeCounts,
    EpisodeImport,
    VideoImport,
    import_changes,
)
from ani_write.domain.events import anime_changed, catalog_changed
from ani_write.domain.slugs import base_slug, slug_candidates

__all__ = ["CatalogImporter"]

_SLUG_ROUNDS = 4
_SLUGS_PER_ROUND = 25
_EPISODE_KEEP_ON_NONE = ("season", "title")
_VIDEO_KEEP_ON_NONE = ("translation_id", "translation_title", "translation_type", "quality")


class CatalogImporter:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def upsert_anime(self, data: AnimeImport, result: ImportResult) -> StoredAnime:
        existing = await self._uow.catalog.lock_anime(data.source_name, data.source_id)
        if existing is None:
            existing = await self._create(data, result)
            if result.status == "created":
                return existing
        changes = import_changes(
            existing.values, data.values(), existing.locked_fields, keep_on_none=ANIME_IMPORT_FIELDS
        )
        if changes:
            await self._uow.catalog.update_anime(existing.id, changes)
            result.status = "updated"
            self._anime_changed(existing, catalog_level=True)
        else:
            result.status = "unchanged"
        return existing

    async def _create(self, data: AnimeImport, result: ImportResult) -> StoredAnime:
        """Insert with the first free slug; the unique constraint, not a prior check, decides between racers."""
        catalog = self._uow.catalog
        base = base_slug(data.title)
        for round_ in range(_SLUG_ROUNDS):
            candidates = slug_candidates(base, round_ * _SLUGS_PER_ROUND, _SLUGS_PER_ROUND)
            taken = await catalog.taken_slugs(candidates)
            for slug in (candidate for candidate in candidates if candidate not in taken):
                created = await catalog.insert_anime(data, slug)
                if created is not None:
                    result.status = "created"
                    self._anime_changed(created, catalog_level=True)
                    return created
                concurrent = await catalog.lock_anime(data.source_name, data.source_id)
                if concurrent is not None:  # a concurrent import created it: the caller updates it
                    return concurrent
        raise SlugUnavailableError

    async def upsert_episodes(
        self, anime: StoredAnime, episodes: Sequence[EpisodeImport], counts: ChangeCounts
    ) -> dict[str, UUID]:
        """Returns the episode id of every ``source_episode_id`` given."""
        if not episodes:
            return {}
        catalog = self._uow.catalog
        keys = [episode.source_episode_id for episode in episodes]
        stored = await catalog.episodes_of(anime.id, keys)
        ids = {key: row.id for key, row in stored.items()}
        updates: list[tuple[UUID, dict[str, object]]] = []
        new: list[EpisodeImport] = []
        for episode in episodes:
            row = stored.get(episode.source_episode_id)
            if row is None:
                new.append(episode)
                continue
            changes = import_changes(
                row.values, episode.values(), row.locked_fields, keep_on_none=_EPISODE_KEEP_ON_NONE
            )
            if changes:
                updates.append((row.id, changes))
            else:
                counts.unchanged += 1
        if new:
            inserted = await catalog.insert_episodes(anime.id, new)
            ids.update(inserted)
            counts.created += len(inserted)
            missing = [episode.source_episode_id for episode in new if episode.source_episode_id not in inserted]
            if missing:  # inserted concurrently by another import: nothing to change here
                ids.update({key: row.id for key, row in (await catalog.episodes_of(anime.id, missing)).items()})
                counts.unchanged += len(missing)
        if updates:
            await catalog.update_episodes(updates)
            counts.updated += len(updates)
        if new or updates:
            self._anime_changed(anime, catalog_level=False)
        return ids

    async def upsert_videos(
        self, anime: StoredAnime, videos: Sequence[tuple[UUID, VideoImport]], counts: ChangeCounts
    ) -> None:
        if not videos:
            return
        catalog = self._uow.catalog
        stored = await catalog.videos_of(sorted({episode_id for episode_id, _ in videos}))
        new: list[tuple[UUID, VideoImport]] = []
        updates: list[tuple[UUID, dict[str, object]]] = []
        for episode_id, video in videos:
            row = stored.get((episode_id, video.url, video.source_name))
            if row is None:
                new.append((episode_id, video))
                continue
            changes = import_changes(row.values, video.values(), row.locked_fields, keep_on_none=_VIDEO_KEEP_ON_NONE)
            if changes:
                updates.append((row.id, changes))
            else:
                counts.unchanged += 1
        created = await catalog.insert_videos(new) if new else 0
        counts.created += created
        counts.unchanged += len(new) - created
        if updates:
            await catalog.update_videos(updates)
            counts.updated += len(updates)
        if created or updates:
            self._anime_changed(anime, catalog_level=False)

    async def import_title(self, data: AnimeImport, result: ImportResult) -> None:
        anime = await self.upsert_anime(data, result)
        result.slug = anime.slug
        result.anime_id = anime.id
        ids = await self.upsert_episodes(anime, data.episodes, result.episodes)
        pairs = [(ids[episode.source_episode_id], video) for episode in data.episodes for video in episode.videos]
        await self.upsert_videos(anime, pairs, result.videos)

    def _anime_changed(self, anime: StoredAnime, *, catalog_level: bool) -> None:
        self._uow.events.add(anime_changed(str(anime.id), anime.slug))
        if catalog_level:
            self._uow.events.add(catalog_changed())
