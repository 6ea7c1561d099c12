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
