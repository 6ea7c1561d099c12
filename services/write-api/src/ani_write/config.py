"""write-api settings (the replaced system's environment variable names, docs/contract.md appendix B)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode

from ani_common.config import ServiceSettings
from ani_common.tokens import DEFAULT_ISSUER
from ani_write.domain.limits import MAX_LIBRARY_ITEMS, MAX_PROGRESS_ROWS

__all__ = ["Settings"]


class Settings(ServiceSettings):
    app_name: str = "ani write-api"
    otel_service_name: str = "ani-write-api"

    #: Internal import tokens (``X-Internal-Token``). Comma-separated: several may be valid during a rotation.
    internal_token: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    #: Where auth publishes its public keys.
    jwks_url: str = "http://127.0.0.1:8001/.well-known/jwks.json"
    jwt_issuer: str = DEFAULT_ISSUER
    #: Hosts whose video and poster URLs may use plain ``http:`` (the fake player of ``make dev`` and tests on
    #: loopback). Comma-separated; must be empty in production, where every media URL is ``https:``.
    insecure_media_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: Seconds between two projector wake-ups (``NOTIFY ani_outbox``) sent by one process after commits that wrote
    #: outbox events; the notifications of the commits in between are coalesced into the next one.
    outbox_notify_interval: float = Field(default=0.01, ge=0.001, le=1.0)
    #: Per-user caps over every provider (``ani_write.domain.limits``): a write adding a row past one is 422.
    user_max_library_items: int = Field(default=MAX_LIBRARY_ITEMS, ge=1, le=1_000_000)
    user_max_progress_rows: int = Field(default=MAX_PROGRESS_ROWS, ge=1, le=10_000_000)
    #: Per-user write rate limits per minute (``ani_write.api.write_limits``), off with ``RATE_LIMIT_ENABLED=false``.
    rate_limit_progress: int = Field(default=120, ge=1)
    rate_limit_library: int = Field(default=60, ge=1)

    @field_validator("internal_token", mode="before")
    @classmethod
    def _split_tokens(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("insecure_media_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [item.strip().lower() for item in value.split(",") if item.strip()]
        return value

    @model_validator(mode="after")
    def _required(self) -> Settings:
        missing = [name.upper() for name in ("database_url", "redis_url") if getattr(self, name) is None]
        if not self.internal_token:
            missing.append("INTERNAL_TOKEN")
        if missing:
            raise ValueError(f"missing required settings: {', '.join(missing)}")
        if self.is_production and self.insecure_media_hosts:
            raise ValueError("INSECURE_MEDIA_HOSTS must be empty in production (media URLs are https only)")
        return self
