"""Wiring: settings → HTTP clients (one rate limiter per provider) → the import use cases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ani_parser.application.import_catalog import ImportCatalog
from ani_parser.application.import_one import ImportOne
from ani_parser.application.import_titles import ImportSettings, TitleImporter
from ani_parser.application.ports import ProgressPort
from ani_parser.config import Settings
from ani_parser.domain.priority import TranslationPreference
from ani_parser.infrastructure.backend import BackendClient
from ani_parser.infrastructure.http import HttpRequester, RetryPolicy
from ani_parser.infrastructure.kodik import KodikClient
from ani_parser.infrastructure.ratelimit import RateLimiter
from ani_parser.infrastructure.shikimori import ShikimoriClient
from ani_parser.infrastructure.state import JsonStateStore

__all__ = ["Container", "Overrides", "bootstrap"]


@dataclass(slots=True)
class Overrides:
    """Test seam: transports for the three HTTP clients (e.g. ``httpx.ASGITransport`` over the fakes)."""

    kodik_transport: httpx.AsyncBaseTransport | None = None
    shikimori_transport: httpx.AsyncBaseTransport | None = None
    backend_transport: httpx.AsyncBaseTransport | None = None
    disable_rate_limits: bool = False


@dataclass(slots=True)
class Container:
    import_catalog: ImportCatalog
    import_one: ImportOne
    requesters: dict[str, HttpRequester] = field(default_factory=dict)

    @property
    def http_attempts(self) -> dict[str, int]:
        return {name: r.attempts for name, r in self.requesters.items()}


@asynccontextmanager
async def bootstrap(
    settings: Settings,
    overrides: Overrides | None = None,
    *,
    state_path: str | None = None,
    progress: ProgressPort | None = None,
) -> AsyncIterator[Container]:
    overrides = overrides or Overrides()
    policy = RetryPolicy(
        max_retries=settings.max_retries,
        backoff_base=settings.backoff_base_seconds,
        backoff_max=settings.backoff_max_seconds,
    )
    secrets = (settings.kodik_api_token.get_secret_value(), settings.internal_token.get_secret_value())
    limits = httpx.Limits(
        max_connections=settings.concurrency * 2 + 4, max_keepalive_connections=settings.concurrency * 2
    )
    timeout = httpx.Timeout(settings.http_timeout_seconds)
    headers = {"User-Agent": settings.user_agent, "Accept": "application/json"}

    def limiter(per_second: float, per_minute: int = 0) -> RateLimiter:
        if overrides.disable_rate_limits:
            return RateLimiter()
        return RateLimiter(per_second=per_second, per_minute=per_minute)

    async with AsyncExitStack() as stack:

        async def client(transport: httpx.AsyncBaseTransport | None) -> httpx.AsyncClient:
            return await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, timeout=timeout, headers=headers, limits=limits)
            )

        kodik_http = HttpRequester(
            await client(overrides.kodik_transport),
            name="kodik",
            limiter=limiter(settings.rate_limit_rps),
            policy=policy,
            secrets=secrets,
        )
        shikimori_http = HttpRequester(
            await client(overrides.shikimori_transport),
            name="shikimori",
            limiter=limiter(settings.shikimori_rps, settings.shikimori_rpm),
            policy=policy,
            secrets=secrets,
        )
        backend_http = HttpRequester(
            await client(overrides.backend_transport),
            name="write-api",
            limiter=limiter(settings.backend_rps),
            policy=policy,
            secrets=secrets,
        )
        kodik = KodikClient(
            kodik_http,
            base_url=settings.kodik_base_url,
            token=settings.kodik_api_token.get_secret_value(),
            types=settings.kodik_types,
        )
        shikimori = ShikimoriClient(
            shikimori_http,
            base_url=settings.shikimori_base_url,
            batch_size=settings.shikimori_batch_size,
            use_graphql=settings.shikimori_use_graphql,
        )
        backend = BackendClient(
            backend_http, base_url=settings.backend_base_url, token=settings.internal_token.get_secret_value()
        )
        importer = TitleImporter(
            kodik,
            shikimori,
            backend,
            ImportSettings(
                source_name=settings.source_name,
                player_name=settings.player_source_name,
                shikimori_site_url=settings.shikimori_base_url,
                preference=TranslationPreference(
                    types=settings.translation_types, translation_ids=settings.translation_ids
                ),
                concurrency=settings.concurrency,
                batch_size=settings.batch_size,
                max_batch_bytes=settings.max_batch_bytes,
            ),
        )
        state = JsonStateStore(Path(state_path or settings.state_path))
        yield Container(
            import_catalog=ImportCatalog(
                kodik, importer, state, chunk_size=settings.shikimori_batch_size, progress=progress
            ),
            import_one=ImportOne(importer, state),
            requesters={"kodik": kodik_http, "shikimori": shikimori_http, "write-api": backend_http},
        )
