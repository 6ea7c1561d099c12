"""auth settings (environment variables as in the reference contract, section 5)."""

from __future__ import annotations

from pydantic import Field, model_validator

from ani_common.config import ServiceSettings
from ani_common.tokens import DEFAULT_ISSUER

__all__ = ["Settings"]


class Settings(ServiceSettings):
    app_name: str = "ani auth"
    otel_service_name: str = "ani-auth"

    jwt_issuer: str = DEFAULT_ISSUER
    jwt_access_ttl_minutes: int = Field(default=15, ge=1, le=60)
    refresh_ttl_days: int = Field(default=30, ge=1, le=365)
    bcrypt_rounds: int = Field(default=12, ge=4, le=16)

    @model_validator(mode="after")
    def _required(self) -> Settings:
        missing = [name.upper() for name in ("database_url", "redis_url") if getattr(self, name) is None]
        if missing:
            raise ValueError(f"missing required settings: {', '.join(missing)}")
        return self
