from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from ani_common.config import Environment, ServiceSettings, normalize_database_url

STRONG = "k3Jq9vXb2LmN8pRt5WyZ1aCd4EfGhUiO"


class SettingsWithSecret(ServiceSettings):
    secret_key: SecretStr = SecretStr("")


def production(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "env": "production",
        "debug": False,
        "cookie_secure": True,
        "allowed_origins": "https://ani.example.org",
        "secret_key": STRONG,
        "_env_file": None,
    }
    values.update(overrides)
    return values


def test_safe_production_settings_are_accepted() -> None:
    settings = SettingsWithSecret(**production())
    assert settings.is_production
    assert settings.env is Environment.PRODUCTION


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"debug": True}, "DEBUG must be false in production"),
        ({"cookie_secure": False}, "COOKIE_SECURE must be true in production"),
        ({"allowed_origins": "https://a.example.org,*"}, "ALLOWED_ORIGINS must not contain '*'"),
        ({"rate_limit_enabled": False}, "RATE_LIMIT_ENABLED must be true in production"),
        ({"secret_key": "short"}, "SECRET_KEY must be at least 32 characters"),
        ({"secret_key": "changeme-changeme-changeme-changeme"}, "SECRET_KEY looks like a placeholder"),
        ({"secret_key": "my-super-secret-value-that-is-long-enough"}, "SECRET_KEY looks like a placeholder"),
    ],
)
def test_production_refuses_each_unsafe_setting(override: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        SettingsWithSecret(**production(**override))
    assert message in str(excinfo.value)


def test_validation_error_never_contains_the_secret_value() -> None:
    with pytest.raises(ValidationError) as excinfo:
        SettingsWithSecret(**production(secret_key="changeme-but-long-enough-to-pass-length"))
    assert "changeme-but-long-enough" not in str(excinfo.value)


def test_debug_is_allowed_outside_production() -> None:
    settings = SettingsWithSecret(env="dev", debug=True, secret_key="x", _env_file=None)
    assert settings.debug is True


def test_origins_are_split_and_empty_entries_dropped() -> None:
    settings = ServiceSettings(allowed_origins="http://a.test, http://b.test,,", _env_file=None)
    assert settings.allowed_origins == ["http://a.test", "http://b.test"]


def test_trusted_proxies_must_be_networks() -> None:
    with pytest.raises(ValidationError, match="not an IP network"):
        ServiceSettings(trusted_proxies="10.0.0.0/8,not-a-network", _env_file=None)


def test_env_file_supplies_every_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "DATABASE_URL=postgres://u:p@db:5432/ani\nREDIS_URL=redis://cache:6379/0\nSECRET_KEY=from-dotenv\nDEBUG=true\n"
    )
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = SettingsWithSecret(_env_file=env_file)
    assert settings.database_dsn == "postgresql+asyncpg://u:p@db:5432/ani"
    assert settings.redis_dsn == "redis://cache:6379/0"
    assert settings.secret_key.get_secret_value() == "from-dotenv"
    assert settings.debug is True


def test_process_environment_wins_over_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("LOG_LEVEL=debug\n")
    monkeypatch.setenv("LOG_LEVEL", "warning")
    assert ServiceSettings(_env_file=env_file).log_level == "WARNING"


def test_secrets_do_not_appear_in_repr() -> None:
    settings = SettingsWithSecret(secret_key="hunter2-hunter2", redis_url="redis://:pw@h/0", _env_file=None)
    assert "hunter2" not in repr(settings)
    assert ":pw@" not in repr(settings)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_database_urls_are_normalised(url: str, expected: str) -> None:
    assert normalize_database_url(url) == expected


def test_missing_database_url_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="DATABASE_URL is not configured"):
        _ = ServiceSettings(_env_file=None).database_dsn
