"""auth settings (the replaced system's environment variable names, docs/contract.md appendix B, plus the ones below).

Keys: ``JWT_SIGNING_KEY`` (PEM text) or ``JWT_SIGNING_KEY_FILE`` (path) hold the active Ed25519 private key;
``JWT_PREVIOUS_KEYS`` (PEM bundle) and ``JWT_PREVIOUS_KEY_FILES`` (comma-separated paths) hold older keys that stay
published in the JWKS after a rotation. In dev without a key one is generated once into ``AUTH_DATA_DIR``; in tests
an ephemeral key is used; production refuses to start without a configured key.

Production also refuses a bcrypt cost below ``MIN_PRODUCTION_BCRYPT_ROUNDS`` (12, the default); the shared base
refuses loopback ``ALLOWED_ORIGINS`` and the other unsafe settings; ``DATABASE_URL`` and ``REDIS_URL`` are required
in every environment.

Login throttling (``RATE_LIMIT_*LOGIN*``): per client IP ``RATE_LIMIT_LOGIN`` per window; per (account, client)
``RATE_LIMIT_LOGIN`` failed attempts, then an exponential backoff starting at ``RATE_LIMIT_WINDOW_SECONDS`` and
doubling per further failure up to ``LOGIN_BACKOFF_MAX_SECONDS``; per account, whatever the client,
``RATE_LIMIT_LOGIN_ACCOUNT`` failed attempts per ``RATE_LIMIT_LOGIN_ACCOUNT_WINDOW_SECONDS`` (clients that signed in
to the account before are exempt from this ceiling). Admin login has the same settings with ``ADMIN_`` in the name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode

from ani_common.config import Environment, ServiceSettings
from ani_common.tokens import DEFAULT_ISSUER

__all__ = ["MIN_PRODUCTION_BCRYPT_ROUNDS", "Settings"]

MIN_PRODUCTION_BCRYPT_ROUNDS = 12


class Settings(ServiceSettings):
    app_name: str = "ani auth"
    otel_service_name: str = "ani-auth"

    jwt_issuer: str = DEFAULT_ISSUER
    jwt_access_ttl_minutes: int = Field(default=15, ge=1, le=60)
    refresh_ttl_days: int = Field(default=30, ge=1, le=365)
    bcrypt_rounds: int = Field(default=12, ge=4, le=16)

    jwt_signing_key: SecretStr | None = None
    jwt_signing_key_file: Path | None = None
    jwt_previous_keys: SecretStr | None = None
    jwt_previous_key_files: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    auth_data_dir: Path = Path(".data/auth")

    #: How often this process reloads the access-token revocation list from Redis.
    revocation_poll_seconds: float = Field(default=1.0, gt=0, le=60)

    #: Requests per window (``RATE_LIMIT_WINDOW_SECONDS``, default one minute).
    rate_limit_window_seconds: int = Field(default=60, ge=1, le=3600)
    rate_limit_login: int = Field(default=5, ge=1)
    rate_limit_admin_login: int = Field(default=5, ge=1)
    rate_limit_register: int = Field(default=5, ge=1)
    rate_limit_refresh: int = Field(default=5, ge=1)
    rate_limit_password_change: int = Field(default=5, ge=1)
    #: Failed logins per account from all clients together, per ``rate_limit_login_account_window_seconds``.
    rate_limit_login_account: int = Field(default=100, ge=1)
    rate_limit_admin_login_account: int = Field(default=100, ge=1)
    rate_limit_login_account_window_seconds: int = Field(default=3600, ge=1, le=86_400)
    #: Longest wait imposed on one (account, client) after repeated failures.
    login_backoff_max_seconds: int = Field(default=3600, ge=1, le=86_400)

    @field_validator("jwt_previous_key_files", mode="before")
    @classmethod
    def _paths_csv(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @model_validator(mode="after")
    def _required(self) -> Settings:
        missing = [name.upper() for name in ("database_url", "redis_url") if getattr(self, name) is None]
        if missing:
            raise ValueError(f"missing required settings: {', '.join(missing)}")
        if self.jwt_signing_key is not None and self.jwt_signing_key_file is not None:
            raise ValueError("set JWT_SIGNING_KEY or JWT_SIGNING_KEY_FILE, not both")
        if self.is_production and self.jwt_signing_key is None and self.jwt_signing_key_file is None:
            raise ValueError("JWT_SIGNING_KEY or JWT_SIGNING_KEY_FILE is required in production")
        if self.is_production and self.bcrypt_rounds < MIN_PRODUCTION_BCRYPT_ROUNDS:
            raise ValueError(f"BCRYPT_ROUNDS must be at least {MIN_PRODUCTION_BCRYPT_ROUNDS} in production")
        return self

    @property
    def access_ttl_seconds(self) -> int:
        return self.jwt_access_ttl_minutes * 60

    @property
    def refresh_ttl_seconds(self) -> int:
        return self.refresh_ttl_days * 86_400

    def signing_key_pem(self) -> bytes | None:
        if self.jwt_signing_key is not None:
            return self.jwt_signing_key.get_secret_value().encode()
        if self.jwt_signing_key_file is not None:
            return self.jwt_signing_key_file.read_bytes()
        return None

    def previous_key_pems(self) -> list[bytes]:
        pems = [path.read_bytes() for path in self.jwt_previous_key_files]
        if self.jwt_previous_keys is not None:
            pems.append(self.jwt_previous_keys.get_secret_value().encode())
        return pems

    @property
    def generates_dev_key(self) -> bool:
        return self.env is Environment.DEV
