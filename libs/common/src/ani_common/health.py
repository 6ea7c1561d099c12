"""``/health`` (liveness, no I/O) and ``/ready`` (runs the service's dependency checks)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ani_common.logging import get_logger

__all__ = ["ReadinessCheck", "health_router"]

ReadinessCheck = Callable[[], Awaitable[Any]]
_log = get_logger("ani.health")
CHECK_TIMEOUT_SECONDS = 2.0


def health_router(version: str, checks: Callable[[Request], Mapping[str, ReadinessCheck]]) -> APIRouter:
    """Build the router. ``checks(request)`` returns the named async checks (each raises on failure)."""
    router = APIRouter(tags=["health"])
    health_body = orjson.dumps({"status": "healthy", "version": version})

    @router.get("/health", summary="Liveness: the process answers (no I/O)")
    async def health() -> Response:
        return Response(health_body, media_type="application/json")

    @router.get(
        "/ready",
        summary="Readiness: every dependency answers",
        responses={503: {"description": "A dependency is unavailable"}},
    )
    async def ready(request: Request) -> Response:
        named = dict(checks(request))
        results: dict[str, str] = {}

        async def run(name: str, check: ReadinessCheck) -> None:
            try:
                await asyncio.wait_for(check(), timeout=CHECK_TIMEOUT_SECONDS)
            except Exception as exc:  # any failure means "not ready"
                _log.warning("Readiness check failed", check=name, error_type=type(exc).__name__)
                results[name] = "error"
            else:
                results[name] = "ok"

        await asyncio.gather(*(run(name, check) for name, check in named.items()))
        ok = all(value == "ok" for value in results.values())
        body = {"status": "ready" if ok else "unavailable", "checks": dict(sorted(results.items()))}
        return Response(orjson.dumps(body), status_code=200 if ok else 503, media_type="application/json")

    return router
