"""read-api settings. The read-api talks to Redis only (no database)."""

from __future__ import annotations

from pydantic import Field, model_validator

from ani_common.config import ServiceSettings
from ani_common.tokens import DEFAULT_ISSUER

__all__ = ["Settings"]


class Settings(ServiceSettings):
    app_name: str = "ani read-api"
    otel_service_name: str = "ani-read-api"
    jwks_url: str = "http://127.0.0.1:8001/.well-known/jwks.json"
    jwt_issuer: str = DEFAULT_ISSUER
    #: Rendered catalog pages kept in process memory per (catalog version, query); 0 disables the cache.
    catalog_page_cache_size: int = Field(default=4096, ge=0, le=1_000_000)
    #: Viewers whose joined library (``/api/read/me/library``) is kept in process memory, each validated on every
    #: request by one Redis call (at most 32 MiB of bodies); 0 disables the cache.
    library_cache_size: int = Field(default=10_000, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _required(self) -> Settings:
        if self.redis_url is None:
            raise ValueError("missing required settings: REDIS_URL")
        return self
