"""Parser settings (environment or ``.env``). Provider base URLs are configuration, never hard-coded."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    log_level: str = "INFO"
    backend_base_url: str = "http://127.0.0.1:8080"
    internal_token: SecretStr = SecretStr("")
    kodik_base_url: str = "https://kodikapi.com"
    kodik_api_token: SecretStr = SecretStr("")
    shikimori_base_url: str = "https://shikimori.one"
    user_agent: str = "ani-parser/0.1 (+https://github.com/ani)"
    source_name: str = "kodik-shikimori"
    concurrency: int = Field(default=4, ge=1, le=64)
    http_timeout_seconds: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)
    state_path: str = ".data/parser_state.json"
