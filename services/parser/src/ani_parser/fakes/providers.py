"""Fake Kodik + Shikimori servers in one ASGI app (tests, benchmarks, ``make dev``).

Kodik: ``GET /list`` (``next`` cursor, ``sort=updated_at``, ``order``), ``GET /search`` (``shikimori_id``,
``with_episodes``, ``with_episodes_data``, ``with_material_data``, ``limit``). Shikimori: ``GET
/api/animes/{id}``, ``POST /api/graphql`` (``animes(ids: "...")``). Media: posters (SVG), the fake player
page at Kodik-like ``/serial|seria|season|video/{id}/{hash}/{quality}`` paths, ``/clip.wav``.

Faults (switch at construction, with ``POST /_faults`` or from the CLI): ``429`` bursts (with
``Retry-After``), ``5xx``, ``malformed`` bodies, Kodik ``error`` bodies, slow responses, cursor loops.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ani_parser.fakes.dataset import Catalog, DemoTitle, demo_catalog
from ani_parser.fakes.media import byte_range, clip_wav, player_page, poster_svg
from ani_parser.fakes.shapes import graphql_anime, kodik_item, rest_anime

__all__ = ["FakeProviders", "Fault", "create_fake_providers_app"]

FAULT_KINDS = ("429", "5xx", "malformed", "error_body", "timeout")


@dataclass(slots=True)
class Fault:
    kind: str  # 429 | 5xx | malformed | error_body | timeout
    count: int
    path: str = ""  # only requests whose path starts with this
    retry_after: str = "0"

    @classmethod
    def parse(cls, spec: str) -> Fault:
        """``KIND:COUNT[:PATH]``, e.g. ``429:3:/search``."""
        kind, _, rest = spec.partition(":")
        count, _, path = rest.partition(":")
        if kind not in FAULT_KINDS or not count.isdigit():
            raise ValueError(f"bad fault spec {spec!r}; expected KIND:COUNT[:PATH] with KIND in {FAULT_KINDS}")
        return cls(kind=kind, count=int(count), path=path)


@dataclass(slots=True)
class FakeProviders:
    catalog: Catalog = field(default_factory=demo_catalog)
    public_url: str = "http://127.0.0.1:8090"
    kodik_token: str = "fake-kodik-token"  # noqa: S105 (a fake provider's token)
    faults: list[Fault] = field(default_factory=list)
    slow_seconds: float = 0.0
    cursor_loop: bool = False
    requests: Counter[str] = field(default_factory=Counter)
    _listing: list[dict[str, Any]] | None = None

    def invalidate(self) -> None:
        """Call after changing the catalog (e.g. touching a title) so the listing is rebuilt."""
        self._listing = None
        self.catalog.reindex()

    def listing(self) -> list[dict[str, Any]]:
        if self._listing is None:
            items = [
                kodik_item(title, tr, public_url=self.public_url, with_material_data=True)
                for title in self.catalog.titles
                for tr in title.translations
            ]
            items.sort(key=lambda i: (i["updated_at"], i["id"]), reverse=True)
            self._listing = items
        return self._listing

    def take_fault(self, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.count > 0 and path.startswith(fault.path):
                fault.count -= 1
                return fault
        return None


def _cursor_encode(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([offset]).encode()).decode().rstrip("=")


def _cursor_decode(cursor: str) -> int | None:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError:
        return None
    return raw[0] if isinstance(raw, list) and raw and isinstance(raw[0], int) and raw[0] >= 0 else None


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in {"true", "1"}


def _limit(request: Request, default: int = 50) -> int:
    raw = request.query_params.get("limit", "")
    return min(max(int(raw), 1), 100) if raw.isdigit() else default


def create_fake_providers_app(fake: FakeProviders | None = None) -> Starlette:
    fake = fake or FakeProviders()

    async def faults_middleware(request: Request) -> Response | None:
        fake.requests[request.url.path] += 1
        if fake.slow_seconds:
            await asyncio.sleep(fake.slow_seconds)
        fault = fake.take_fault(request.url.path)
        if fault is None:
            return None
        if fault.kind == "429":
            return JSONResponse({"message": "Too Many Requests"}, 429, headers={"Retry-After": fault.retry_after})
        if fault.kind == "5xx":
            return JSONResponse({"message": "Bad Gateway"}, 502)
        if fault.kind == "malformed":
            return Response('{"time": "3ms", "results": [{"id": "ser', media_type="application/json")
        if fault.kind == "timeout":
            await asyncio.sleep(30)
        return JSONResponse({"error": "Внутренняя ошибка сервера"})

    def kodik_auth(request: Request) -> Response | None:
        if request.query_params.get("token") != fake.kodik_token:
            return JSONResponse({"error": "Отсутствует или неверный токен"}, 403)
        return None

    def next_page_url(path: str, request: Request, cursor: str) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "next"]
        params.append(("next", cursor))
        return f"{fake.public_url.rstrip('/')}{path}?{urlencode(params)}"

    async def kodik_list(request: Request) -> Response:
        if (early := await faults_middleware(request)) is not None or (early := kodik_auth(request)) is not None:
            return early
        items = fake.listing()
        if request.query_params.get("order") == "asc":
            items = list(reversed(items))
        offset = 0
        if cursor := request.query_params.get("next"):
            decoded = _cursor_decode(cursor)
            if decoded is None:
                return JSONResponse({"error": "Неверный параметр next"}, 400)
            offset = decoded
        limit = _limit(request)
        page = items[offset : offset + limit]
        has_more = offset + limit < len(items)
        next_cursor = cursor if fake.cursor_loop and cursor else _cursor_encode(offset + limit)
        return JSONResponse(
            {
                "time": "3ms",
                "total": len(items),
                "prev_page": None,
                "next_page": next_page_url("/list", request, next_cursor) if has_more else None,
                "results": page,
            }
        )

    async def kodik_search(request: Request) -> Response:
        if (early := await faults_middleware(request)) is not None or (early := kodik_auth(request)) is not None:
            return early
        raw_id = request.query_params.get("shikimori_id", "")
        title = fake.catalog.find(int(raw_id)) if raw_id.isdigit() else None
        results: list[dict[str, Any]] = []
        if title is not None and title.has_shikimori_id:
            results = [
                kodik_item(
                    title,
                    tr,
                    public_url=fake.public_url,
                    with_episodes=_flag(request, "with_episodes"),
                    with_episodes_data=_flag(request, "with_episodes_data"),
                    with_material_data=_flag(request, "with_material_data"),
                )
                for tr in title.translations
            ]
        limit = _limit(request)
        offset = _cursor_decode(request.query_params.get("next", "")) or 0
        page = results[offset : offset + limit]
        more = offset + limit < len(results)
        return JSONResponse(
            {
                "time": "2ms",
                "total": len(results),
                "prev_page": None,
                "next_page": next_page_url("/search", request, _cursor_encode(offset + limit)) if more else None,
                "results": page,
            }
        )

    def shikimori_title(shikimori_id: int) -> DemoTitle | None:
        title = fake.catalog.find(shikimori_id)
        return title if title is not None and title.on_shikimori else None

    async def shikimori_rest(request: Request) -> Response:
        if (early := await faults_middleware(request)) is not None:
            return early
        title = shikimori_title(int(request.path_params["anime_id"]))
        if title is None:
            return JSONResponse({"message": "Страница не найдена", "code": 404}, 404)
        return JSONResponse(rest_anime(title))

    async def shikimori_graphql(request: Request) -> Response:
        if (early := await faults_middleware(request)) is not None:
            return early
        try:
            body = await request.json()
            query = body["query"]
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"errors": [{"message": "No query string was present"}]}, 200)
        match = re.search(r'ids:\s*"([0-9,\s]*)"', query) if isinstance(query, str) else None
        if match is None or "animes" not in query:
            return JSONResponse({"errors": [{"message": "Only animes(ids: ...) is supported by the fake"}]})
        ids = [int(i) for i in match.group(1).replace(" ", "").split(",") if i][:50]
        animes = [graphql_anime(t, public_url=fake.public_url) for i in ids if (t := shikimori_title(i)) is not None]
        return JSONResponse({"data": {"animes": animes}})

    async def poster(request: Request) -> Response:
        fake.requests[request.url.path] += 1
        raw = request.path_params["anime_id"]
        title = fake.catalog.find(int(raw))
        return Response(
            poster_svg(int(raw), title.russian if title else raw),
            media_type="image/svg+xml",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    async def screenshot(request: Request) -> Response:
        return Response(poster_svg(int(request.path_params["item"]), "кадр"), media_type="image/svg+xml")

    async def player(request: Request) -> Response:
        if request.path_params["kind"] not in {"serial", "seria", "season", "video"}:
            return JSONResponse({"message": "Not Found"}, 404)
        fake.requests["/player"] += 1
        season = request.query_params.get("season", "")
        episode = request.query_params.get("episode", "")
        html = player_page(
            kind=request.path_params["kind"],
            player_id=str(request.path_params["player_id"]),
            season=int(season) if season.isdigit() else None,
            episode=int(episode) if episode.isdigit() else None,
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": "frame-ancestors *"})

    async def clip(request: Request) -> Response:
        # Byte ranges as a real media host answers them: without them a browser cannot seek in the clip, and the
        # site's resume (a seek command to the player) could not be tested.
        body = clip_wav()
        headers = {"Cache-Control": "public, max-age=86400", "Accept-Ranges": "bytes"}
        wanted = byte_range(request.headers.get("range", ""), len(body))
        if wanted is None:
            return Response(body, media_type="audio/wav", headers=headers)
        start, end = wanted
        if start >= len(body):
            return Response(status_code=416, headers={**headers, "Content-Range": f"bytes */{len(body)}"})
        headers["Content-Range"] = f"bytes {start}-{end}/{len(body)}"
        return Response(body[start : end + 1], status_code=206, media_type="audio/wav", headers=headers)

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            body = await request.json()
            fake.faults = [Fault(**f) for f in body.get("faults", [])]
            fake.slow_seconds = float(body.get("slow_seconds", 0.0))
            fake.cursor_loop = bool(body.get("cursor_loop", False))
        return JSONResponse(
            {
                "faults": [{"kind": f.kind, "count": f.count, "path": f.path} for f in fake.faults],
                "slow_seconds": fake.slow_seconds,
                "cursor_loop": fake.cursor_loop,
                "requests": dict(fake.requests),
            }
        )

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok", "titles": len(fake.catalog.titles)})

    app = Starlette(
        routes=[
            Route("/list", kodik_list, methods=["GET", "POST"]),
            Route("/search", kodik_search, methods=["GET", "POST"]),
            Route("/api/animes/{anime_id:int}", shikimori_rest),
            Route("/api/graphql", shikimori_graphql, methods=["POST"]),
            Route("/system/animes/{size:str}/{anime_id:int}.svg", poster),
            Route("/uploads/poster/animes/{anime_id:int}/poster.svg", poster),
            Route("/posters/{anime_id:int}.svg", poster),
            Route("/screenshots/{item:int}/1.svg", screenshot),
            Route("/{kind:str}/{player_id:int}/{digest:str}/{quality:str}", player),
            Route("/clip.wav", clip),
            Route("/_faults", faults, methods=["GET", "POST"]),
            Route("/health", health),
        ]
    )
    app.state.fake = fake
    return app
