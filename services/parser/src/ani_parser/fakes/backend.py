"""A recording stand-in for write-api's batch import endpoint (the agreed contract), for tests and benchmarks.

It validates like write-api (token, ≤ 100 titles, unique ids, required fields), upserts into memory with the
same natural keys, and answers per title ``created | updated | unchanged | failed`` with episode and video
counts. ``fail_ids`` make chosen titles fail; ``outage`` makes the next N requests answer 503.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = ["RecordingBackend", "create_recording_backend_app"]


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "trace_id": "fake"}}, status)


@dataclass(slots=True)
class RecordingBackend:
    tokens: tuple[str, ...] = ("internal-test-token",)
    insecure_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
    fail_ids: set[str] = field(default_factory=set)
    outage: int = 0
    titles: dict[str, dict[str, Any]] = field(default_factory=dict)
    episodes: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    videos: dict[tuple[str, str, str, str], dict[str, Any]] = field(default_factory=dict)
    requests: int = 0
    batch_sizes: list[int] = field(default_factory=list)

    def _media_url_ok(self, url: object) -> bool:
        if not isinstance(url, str):
            return False
        if url.startswith("https://"):
            return True
        host = url.removeprefix("http://").split("/", 1)[0].rsplit(":", 1)[0]
        return url.startswith("http://") and host in self.insecure_hosts

    def validate(self, body: Any) -> str | None:
        if not isinstance(body, dict) or not isinstance(body.get("titles"), list):
            return "titles must be a list"
        if not isinstance(body.get("source_name"), str) or not body["source_name"]:
            return "source_name is required"
        titles = body["titles"]
        if len(titles) > 100:
            return "at most 100 titles per request"
        ids = [t.get("source_id") for t in titles if isinstance(t, dict)]
        if len(ids) != len(titles) or len(set(ids)) != len(ids):
            return "duplicate source_id"
        for title in titles:
            if not isinstance(title.get("source_id"), str) or not title["source_id"]:
                return "source_id must be non-empty"
            if not isinstance(title.get("title"), str) or not title["title"]:
                return "title must be non-empty"
            year = title.get("year")
            if year is not None and not 1900 <= year <= 2100:
                return "year out of range"
            if title.get("poster") is not None and not self._media_url_ok(title["poster"]):
                return "poster must be https"
            if title.get("status") not in (None, "ongoing", "completed", "upcoming"):
                return "bad status"
            episodes = title.get("episodes") or []
            ep_ids = [e.get("source_episode_id") for e in episodes]
            if len(set(ep_ids)) != len(ep_ids):
                return "duplicate source_episode_id"
            for episode in episodes:
                if episode.get("number", -1) < 0:
                    return "episode number must be >= 0"
                for video in episode.get("videos") or []:
                    if video.get("type") not in ("iframe", "embed", "m3u8", "mp4"):
                        return "bad video type"
                    if not self._media_url_ok(video.get("url")):
                        return "video url must be https"
        return None

    def upsert(self, source_name: str, title: dict[str, Any]) -> dict[str, Any]:
        source_id = title["source_id"]
        if source_id in self.fail_ids:
            return {
                "source_id": source_id,
                "status": "failed",
                "slug": None,
                "error": "rejected by the fake",
                "episodes": {"created": 0, "updated": 0, "unchanged": 0},
                "videos": {"created": 0, "updated": 0, "unchanged": 0},
            }
        episodes = title.get("episodes") or []
        anime = {k: v for k, v in title.items() if k != "episodes"}
        key = f"{source_name}:{source_id}"
        previous = self.titles.get(key)
        status = "created" if previous is None else "unchanged" if previous == anime else "updated"
        self.titles[key] = anime
        ep_counts = {"created": 0, "updated": 0, "unchanged": 0}
        video_counts = {"created": 0, "updated": 0, "unchanged": 0}
        for episode in episodes:
            ep_key = (key, episode["source_episode_id"])
            ep_row = {k: v for k, v in episode.items() if k != "videos"}
            old = self.episodes.get(ep_key)
            ep_counts["created" if old is None else "unchanged" if old == ep_row else "updated"] += 1
            self.episodes[ep_key] = ep_row
            for video in episode.get("videos") or []:
                v_key = (key, episode["source_episode_id"], video["url"], video["source_name"])
                old_v = self.videos.get(v_key)
                video_counts["created" if old_v is None else "unchanged" if old_v == video else "updated"] += 1
                self.videos[v_key] = video
        if status == "unchanged" and (
            ep_counts["created"] or ep_counts["updated"] or video_counts["created"] or video_counts["updated"]
        ):
            status = "updated"
        return {
            "source_id": source_id,
            "status": status,
            "slug": f"title-{source_id}",
            "error": None,
            "episodes": ep_counts,
            "videos": video_counts,
        }


def create_recording_backend_app(backend: RecordingBackend | None = None) -> Starlette:
    backend = backend or RecordingBackend()

    async def import_titles(request: Request) -> Response:
        backend.requests += 1
        token = request.headers.get("x-internal-token")
        if token is None:
            return _error(401, "AUTHENTICATION_ERROR", "Missing internal token")
        if not any(hmac.compare_digest(token.encode(), t.encode()) for t in backend.tokens):
            return _error(403, "AUTHORIZATION_ERROR", "Invalid internal token")
        if backend.outage > 0:
            backend.outage -= 1
            return _error(503, "SERVICE_UNAVAILABLE", "Service unavailable")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _error(422, "VALIDATION_ERROR", "Body is not JSON")
        problem = backend.validate(body)
        if problem is not None:
            return _error(422, "VALIDATION_ERROR", problem)
        backend.batch_sizes.append(len(body["titles"]))
        return JSONResponse({"results": [backend.upsert(body["source_name"], t) for t in body["titles"]]})

    app = Starlette(routes=[Route("/api/v1/internal/import/titles", import_titles, methods=["POST"])])
    app.state.backend = backend
    return app
