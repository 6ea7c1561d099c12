"""Settings base shared by every service.

Environment variable names are the replaced system's (docs/contract.md appendix B): ``ENV``, ``DEBUG``,
``DATABASE_URL``, ``REDIS_URL``, ``ALLOWED_ORIGINS``, ``METRICS_ENABLED``, ``TRACING_ENABLED``, ``OTEL_*`` and so on.
Every variable, required or not, may come from the process environment or from a ``.env`` file in the working
directory (the process environment wins). Secrets are ``SecretStr`` so they never show up in a repr or a log line.

In production the validators refuse unsafe settings: ``DEBUG=true``, weak or placeholder secrets,
``COOKIE_SECURE=false``, a wildcard CORS origin, loopback CORS origins (``localhost``, ``127.0.0.0/8``, ``::1``), and
disabled rate limits.
"""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = [
    "WEAK_SECRET_MARKERS",
    "Environment",
    "ServiceSettings",
    "is_loopback_origin",
    "normalize_database_url",
]

#: Substrings (case-insensitive) that mark a secret as a placeholder. Refused in production.
WEAK_SECRET_MARKERS: tuple[str, ...] = (
    "your-secret-key",
    "change-this",
    "changethis",
    "change_me",
    "changeme",
    "secret",
    "default",
    "dev-secret",
    "password",
    "example",
    "test_token",
    "insecure",
)
MIN_SECRET_LENGTH = 32


class Environment(StrEnum):
    DEV = "dev"
    TEST = "test"
    PRODUCTION = "production"


def normalize_database_url(url: str) -> str:
    """Rewrite the usual PostgreSQL URL spellings to the asyncpg driver SQLAlchemy needs.

    ``postgres://``, ``postgresql://`` and ``postgresql+psycopg*://`` all become ``postgresql+asyncpg://``;
    anything else is returned unchanged. Alembic uses the same function, so both accept the same URLs.
    """
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


def is_loopback_origin(origin: str) -> bool:
    """``http://localhost:3000``, ``http://127.0.0.1``, ``http://[::1]:8080``, ``http://app.localhost`` and the like."""
    host = urlsplit(origin.strip()).hostname or ""
    host = host.rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _split_csv(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class ServiceSettings(BaseSettings):
    """Fields every service shares. Services subclass it and add their own."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        validate_default=True,
    )

    #: Fields holding URLs with optional credentials: secret, but not checked for strength.
    _url_secret_fields: ClassVar[frozenset[str]] = frozenset({"database_url", "migration_database_url", "redis_url"})

    app_name: str = "ani"
    version: str = "1.0.0"
    env: Environment = Environment.DEV
    debug: bool = False
    log_level: str = "INFO"
    #: One JSON "Request completed" line per request. Off for load benchmarks; Traefik also logs access.
    access_log: bool = True

    database_url: SecretStr | None = None
    #: The owner role's URL, for the ``migrate`` commands only (DDL); the service itself runs as ``DATABASE_URL``, a
    #: role with DML only (docs/operations.md, "Database roles"). Unset: migrations use ``DATABASE_URL``.
    migration_database_url: SecretStr | None = None
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=10, ge=0, le=200)
    redis_url: SecretStr | None = None
    redis_max_connections: int = Field(default=50, ge=1, le=10_000)

    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["http://localhost:3000"])
    cookie_secure: bool = False
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["127.0.0.1/32", "::1/128"])
    rate_limit_enabled: bool = True

    metrics_enabled: bool = True
    tracing_enabled: bool = False
    otel_service_name: str = "ani"
    otel_exporter_otlp_endpoint: str = ""
    #: Path of a CA bundle for a TLS OTLP endpoint (``https://``). Plain ``http://`` endpoints are only for dev.
    otel_exporter_otlp_certificate: str | None = None
    otel_exporter_otlp_headers: SecretStr | None = None

    @field_validator("allowed_origins", "trusted_proxies", mode="before")
    @classmethod
    def _csv(cls, value: Any) -> Any:
        return _split_csv(value)

    @field_validator("trusted_proxies")
    @classmethod
    def _valid_networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise ValueError(f"TRUSTED_PROXIES entry is not an IP network: {item!r}") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _valid_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return upper

    @property
    def is_production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @property
    def database_dsn(self) -> str:
        """The SQLAlchemy URL (asyncpg driver). Raises when the service has no database configured."""
        if self.database_url is None:
            raise RuntimeError("DATABASE_URL is not configured")
        return normalize_database_url(self.database_url.get_secret_value())

    @property
    def migration_database_dsn(self) -> str:
        """The SQLAlchemy URL migrations connect with: ``MIGRATION_DATABASE_URL``, else ``DATABASE_URL``."""
        if self.migration_database_url is None:
            return self.database_dsn
        return normalize_database_url(self.migration_database_url.get_secret_value())

    @property
    def redis_dsn(self) -> str:
        if self.redis_url is None:
            raise RuntimeError("REDIS_URL is not configured")
        return self.redis_url.get_secret_value()

    def strong_secret_fields(self) -> dict[str, SecretStr]:
        """Every ``SecretStr`` (or list of them) that must be strong in production, by field name."""
        found: dict[str, SecretStr] = {}
        for name in type(self).model_fields:
            if name in self._url_secret_fields or name == "otel_exporter_otlp_headers":
                continue
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                found[name] = value
            elif isinstance(value, list | tuple):
                for index, item in enumerate(value):
                    if isinstance(item, SecretStr):
                        found[f"{name}[{index}]"] = item
        return found

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Self:
        if not self.is_production:
            return self
        problems: list[str] = []
        if self.debug:
            problems.append("DEBUG must be false in production")
        if not self.cookie_secure:
            problems.append("COOKIE_SECURE must be true in production")
        if any(origin == "*" for origin in self.allowed_origins):
            problems.append("ALLOWED_ORIGINS must not contain '*' in production")
        if any(is_loopback_origin(origin) for origin in self.allowed_origins):
            problems.append("ALLOWED_ORIGINS must not contain loopback origins in production")
        if not self.rate_limit_enabled:
            problems.append("RATE_LIMIT_ENABLED must be true in production")
        for name, secret in self.strong_secret_fields().items():
            value = secret.get_secret_value()
            lowered = value.lower()
            if len(value) < MIN_SECRET_LENGTH:
                problems.append(f"{name.upper()} must be at least {MIN_SECRET_LENGTH} characters in production")
            elif any(marker in lowered for marker in WEAK_SECRET_MARKERS):
                problems.append(f"{name.upper()} looks like a placeholder; generate a random value")
        if problems:
            # The messages name settings, never their values.
            raise ValueError("; ".join(problems))
        return self
