"""Parser settings (environment or ``.env``). Provider base URLs are configuration, never hard-coded.

Names are the replaced system's (docs/contract.md appendix B: ``BACKEND_BASE_URL``, ``INTERNAL_TOKEN``,
``KODIK_API_TOKEN``, ``SHIKIMORI_BASE_URL``, ``KODIK_BASE_URL``, ``CONCURRENCY``, ``RATE_LIMIT_RPS``, ``MAX_RETRIES``,
``BACKOFF_*``, ``STATE_PATH``, ``SOURCE_NAME``). ``RATE_LIMIT_RPS`` is the Kodik limit; Shikimori has its own (5 rps /
90 rpm, its published limits) and write-api its own. A limit of 0 turns that limiter off.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


_PLACEHOLDERS = ("change_me", "changeme", "example", "placeholder")


def _placeholder(value: str) -> bool:
    return any(word in value.strip().lower() for word in _PLACEHOLDERS)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    #: ``production`` (the image's default) refuses to run without real tokens (see ``_production_needs_tokens``)
    env: str = "dev"
    log_level: str = "INFO"
    #: write-api itself (its internal import API is not routed by the gateway); dev: its first instance
    backend_base_url: str = "http://127.0.0.1:8002"
    internal_token: SecretStr = SecretStr("")
    kodik_base_url: str = "https://kodikapi.com"
    kodik_api_token: SecretStr = SecretStr("")
    kodik_types: str = "anime-serial,anime"
    shikimori_base_url: str = "https://shikimori.one"
    shikimori_use_graphql: bool = True
    user_agent: str = "ani-parser/0.1 (+https://github.com/ani)"
    source_name: str = "kodik-shikimori"
    player_source_name: str = "kodik"
    concurrency: int = Field(default=4, ge=1, le=64)
    http_timeout_seconds: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)
    backoff_base_seconds: float = Field(default=1.0, ge=0)
    backoff_max_seconds: float = Field(default=60.0, ge=0)
    rate_limit_rps: float = Field(default=4.0, ge=0)
    shikimori_rps: float = Field(default=5.0, ge=0)
    shikimori_rpm: int = Field(default=90, ge=0)
    backend_rps: float = Field(default=0.0, ge=0)
    batch_size: int = Field(default=50, ge=1, le=100)
    max_batch_bytes: int = Field(default=2_000_000, ge=10_000)
    shikimori_batch_size: int = Field(default=50, ge=1, le=50)
    translation_type_preference: str = "voice,subtitles"
    preferred_translation_ids: str = ""
    state_path: str = ".data/parser_state.json"

    @field_validator("shikimori_base_url")
    @classmethod
    def _site_root(cls, value: str) -> str:
        """The site root: a reference-style ``.../api`` value is accepted and trimmed."""
        value = value.rstrip("/")
        return value[: -len("/api")] if value.endswith("/api") else value

    @field_validator("kodik_base_url", "backend_base_url")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _production_needs_tokens(self) -> Self:
        """In production a parser without its tokens would only collect 401s from write-api and Kodik: refuse to
        start instead, naming what is missing (never the values)."""
        if self.env.strip().lower() != "production":
            return self
        missing = [
            name
            for name, secret in (("INTERNAL_TOKEN", self.internal_token), ("KODIK_API_TOKEN", self.kodik_api_token))
            if not secret.get_secret_value().strip() or _placeholder(secret.get_secret_value())
        ]
        if missing:
            raise ValueError(f"production needs real values for {', '.join(missing)}")
        return self

    @staticmethod
    def _split(value: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in value.split(",") if part.strip())

    @property
    def translation_types(self) -> tuple[str, ...]:
        return self._split(self.translation_type_preference)

    @property
    def translation_ids(self) -> tuple[str, ...]:
        return self._split(self.preferred_translation_ids)
