from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from ani_auth.bootstrap import keyring_for
from ani_auth.config import Settings
from ani_auth.infrastructure.security.keys import generate_private_key_pem

PRODUCTION: dict[str, Any] = {
    "env": "production",
    "database_url": "postgresql://auth@db/ani_auth",
    "redis_url": "redis://redis:6379/0",
    "cookie_secure": True,
    "allowed_origins": "https://ani.example.org",
}


def test_production_refuses_to_start_without_a_signing_key() -> None:
    with pytest.raises(ValidationError, match="JWT_SIGNING_KEY or JWT_SIGNING_KEY_FILE is required in production"):
        Settings(_env_file=None, **PRODUCTION)


def test_production_accepts_a_configured_key() -> None:
    pem = generate_private_key_pem().decode()
    settings = Settings(_env_file=None, jwt_signing_key=pem, **PRODUCTION)
    assert keyring_for(settings).active.private_key is not None
    assert pem not in repr(settings)


def test_key_value_and_key_file_are_exclusive(tmp_path: Any) -> None:
    path = tmp_path / "key.pem"
    path.write_bytes(generate_private_key_pem())
    with pytest.raises(ValidationError, match="not both"):
        Settings(
            _env_file=None,
            env="test",
            database_url="postgresql://x/y",
            redis_url="redis://x",
            jwt_signing_key=generate_private_key_pem().decode(),
            jwt_signing_key_file=str(path),
        )


def test_test_environment_uses_an_ephemeral_key() -> None:
    settings = Settings(_env_file=None, env="test", database_url="postgresql://x/y", redis_url="redis://x")
    assert keyring_for(settings).active.kid != keyring_for(settings).active.kid


class TestProductionRefusals:
    """Hole 10 of issue 15 (auth's part)."""

    @staticmethod
    def settings(**overrides: Any) -> Settings:
        values = {**PRODUCTION, "jwt_signing_key": generate_private_key_pem().decode(), **overrides}
        return Settings(_env_file=None, **values)

    def test_a_complete_production_configuration_starts(self) -> None:
        assert self.settings().bcrypt_rounds == 12

    @pytest.mark.parametrize(
        "origins",
        [
            "http://localhost:3000",
            "https://ani.example.org,http://127.0.0.1:8080",
            "http://[::1]:8080",
            "http://app.localhost",
            "http://0.0.0.0",
        ],
    )
    def test_loopback_origins_are_refused(self, origins: str) -> None:
        with pytest.raises(ValidationError, match="ALLOWED_ORIGINS must not contain loopback origins in production"):
            self.settings(allowed_origins=origins)

    @pytest.mark.parametrize("rounds", [4, 10, 11])
    def test_weak_bcrypt_cost_is_refused(self, rounds: int) -> None:
        with pytest.raises(ValidationError, match="BCRYPT_ROUNDS must be at least 12 in production"):
            self.settings(bcrypt_rounds=rounds)

    def test_stronger_bcrypt_cost_is_fine(self) -> None:
        assert self.settings(bcrypt_rounds=13).bcrypt_rounds == 13

    @pytest.mark.parametrize("missing", ["database_url", "redis_url"])
    def test_missing_urls_are_refused(self, missing: str) -> None:
        values = {**PRODUCTION, "jwt_signing_key": generate_private_key_pem().decode()}
        del values[missing]
        with pytest.raises(ValidationError, match=f"missing required settings: {missing.upper()}"):
            Settings(_env_file=None, **values)

    def test_dev_and_test_keep_loopback_origins_and_cheap_bcrypt(self) -> None:
        settings = Settings(
            _env_file=None,
            env="test",
            database_url="postgresql://x/y",
            redis_url="redis://x",
            allowed_origins="http://localhost:3000",
            bcrypt_rounds=4,
        )
        assert settings.allowed_origins == ["http://localhost:3000"]
