"""Projector settings: the shared ones (``DATABASE_URL``, ``REDIS_URL``, ``LOG_LEVEL``…) plus ``PROJECTOR_*``."""

from __future__ import annotations

from pydantic import Field, model_validator

from ani_common.config import ServiceSettings

__all__ = ["ProjectorSettings"]


class ProjectorSettings(ServiceSettings):
    app_name: str = "ani projector"
    otel_service_name: str = "ani-projector"
    db_pool_size: int = Field(default=6, ge=3, le=200)
    redis_max_connections: int = Field(default=32, ge=2, le=10_000)

    #: outbox rows claimed per transaction (events for one key inside a batch cost one recomputation)
    projector_batch_size: int = Field(default=500, ge=1, le=10_000)
    #: fallback poll when no NOTIFY arrives (seconds)
    projector_poll_interval: float = Field(default=1.0, gt=0, le=60)
    #: Redis writes in flight per batch
    projector_redis_concurrency: int = Field(default=16, ge=1, le=1_000)
    #: ``start_http_server`` port for ``/metrics``; 0 = not served
    projector_metrics_port: int = Field(default=0, ge=0, le=65_535)
    projector_metrics_address: str = "0.0.0.0"  # noqa: S104 - scraped from the internal network
    #: processed outbox rows older than this are deleted (seconds)
    projector_outbox_retention: float = Field(default=600.0, ge=0)
    projector_purge_interval: float = Field(default=60.0, gt=0)
    projector_purge_batch: int = Field(default=1000, ge=1, le=100_000)
    #: units (anime or user/provider) per rebuild transaction
    projector_rebuild_chunk: int = Field(default=250, ge=1, le=10_000)
    #: how often to check that Redis still has the read models (a full rebuild is queued when the catalog is
    #: missing: Redis data lost, or never built); 0 = never
    projector_heal_interval: float = Field(default=30.0, ge=0)
    #: LISTEN/NOTIFY wake-ups; off = poll only
    projector_listen: bool = True

    @model_validator(mode="after")
    def _required(self) -> ProjectorSettings:
        missing = [name.upper() for name in ("database_url", "redis_url") if getattr(self, name) is None]
        if missing:
            raise ValueError(f"missing required settings: {', '.join(missing)}")
        return self
