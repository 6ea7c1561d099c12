"""Internal import API for the parser: the batch ``titles`` import and the single anime/episodes/video imports
(contract differences: ``docs/contract.md``)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from ani_write.api.dependencies import HandlersDep, InternalToken, InternalTokenRoute, SettingsDep
from ani_write.api.responses import json_response
from ani_write.api.v1.import_schemas import (
    AnimeImportLegacy,
    EpisodeImportItem,
    EpisodeImportLegacyItem,
    EpisodesImportLegacy,
    EpisodesImportRead,
    ImportMessageRead,
    ImportTitlesRequest,
    ImportTitlesResponse,
    TitleImportItem,
    VideoImportItem,
    VideoImportLegacy,
)
from ani_write.api.v1.schemas import check_plain_http
from ani_write.application.commands.import_anime import ImportAnime
from ani_write.application.commands.import_episodes import ImportEpisodes
from ani_write.application.commands.import_titles import ImportTitles
from ani_write.application.commands.import_video import ImportVideo
from ani_write.domain.catalog import AnimeImport, EpisodeImport, VideoImport

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1/internal/import",
    tags=["internal"],
    dependencies=[InternalToken],
    route_class=InternalTokenRoute,
    responses={
        401: {"description": "X-Internal-Token missing"},
        403: {"description": "Invalid internal token"},
        422: {"description": "Invalid request data"},
    },
)


def _video(item: VideoImportItem) -> VideoImport:
    return VideoImport(
        type=item.type,
        url=item.url,
        source_name=item.source_name,
        priority=item.priority,
        translation_id=item.translation_id,
        translation_title=item.translation_title,
        translation_type=item.translation_type,
        quality=item.quality,
    )


def _episode(item: EpisodeImportItem | EpisodeImportLegacyItem) -> EpisodeImport:
    videos = tuple(_video(video) for video in item.videos) if isinstance(item, EpisodeImportItem) else ()
    return EpisodeImport(
        source_episode_id=item.source_episode_id,
        number=item.number,
        season=item.season,
        title=item.title,
        is_available=item.is_available,
        videos=videos,
    )


def _anime(source_name: str, item: TitleImportItem | AnimeImportLegacy) -> AnimeImport:
    episodes = tuple(_episode(episode) for episode in item.episodes) if isinstance(item, TitleImportItem) else ()
    return AnimeImport(
        source_name=source_name,
        source_id=item.source_id,
        title=item.title,
        alternative_titles=tuple(item.alternative_titles) if item.alternative_titles is not None else None,
        description=item.description,
        year=item.year,
        status=item.status,
        poster=item.poster,
        genres=tuple(item.genres) if item.genres is not None else None,
        episodes=episodes,
    )


@router.post("/titles", response_model=ImportTitlesResponse)
async def import_titles(body: ImportTitlesRequest, handlers: HandlersDep, settings: SettingsDep) -> Response:
    """Batch import (≤ 100 titles): each title in its own transaction; per-title status in ``results``."""
    check_plain_http(
        settings,
        [
            *((("titles", t, "poster"), title.poster) for t, title in enumerate(body.titles)),
            *(
                (("titles", t, "episodes", e, "videos", v, "url"), video.url)
                for t, title in enumerate(body.titles)
                for e, episode in enumerate(title.episodes)
                for v, video in enumerate(episode.videos)
            ),
        ],
    )
    results = await handlers.import_titles(ImportTitles([_anime(body.source_name, title) for title in body.titles]))
    return json_response(
        {
            "results": [
                {
                    "source_id": result.source_id,
                    "status": result.status,
                    "slug": result.slug,
                    "error": result.error,
                    "episodes": result.episodes,
                    "videos": result.videos,
                }
                for result in results
            ]
        }
    )


@router.post("/anime", response_model=ImportMessageRead)
async def import_anime(body: AnimeImportLegacy, handlers: HandlersDep, settings: SettingsDep) -> Response:
    check_plain_http(settings, [(("poster",), body.poster)])
    await handlers.import_anime(ImportAnime(_anime(body.source_name, body)))
    return json_response({"success": True, "message": f"Anime imported successfully: {body.title}", "errors": None})


@router.post(
    "/episodes",
    response_model=EpisodesImportRead,
    responses={404: {"description": "Anime not found: <source_name>/<anime_source_id>"}},
)
async def import_episodes(body: EpisodesImportLegacy, handlers: HandlersDep) -> Response:
    episodes = tuple(_episode(episode) for episode in body.episodes)
    await handlers.import_episodes(ImportEpisodes(body.source_name, body.anime_source_id, episodes))
    return json_response({"success": True, "total": len(episodes), "imported": len(episodes), "errors": []})


@router.post(
    "/video",
    response_model=ImportMessageRead,
    responses={
        404: {"description": "Episode not found: <source_name>/<source_episode_id>"},
        409: {"description": "The episode id exists under several anime of the source: pass anime_source_id"},
    },
)
async def import_video(body: VideoImportLegacy, handlers: HandlersDep, settings: SettingsDep) -> Response:
    check_plain_http(settings, [(("player", "url"), body.player.url)])
    command = ImportVideo(body.source_name, body.source_episode_id, body.anime_source_id, _video(body.player))
    await handlers.import_video(command)
    return json_response({"success": True, "message": "Video source imported successfully", "errors": None})
