from __future__ import annotations

import pytest
from pydantic import ValidationError

from ani_parser.config import Settings


def test_production_refuses_a_parser_without_its_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTERNAL_TOKEN", raising=False)
    monkeypatch.delenv("KODIK_API_TOKEN", raising=False)
    with pytest.raises(ValidationError, match="INTERNAL_TOKEN, KODIK_API_TOKEN"):
        Settings(_env_file=None, env="production")


def test_production_refuses_placeholder_tokens_without_printing_them() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, env="production", internal_token="CHANGE_ME-secret-1", kodik_api_token="real-kodik")
    assert "INTERNAL_TOKEN" in str(refused.value)
    assert "KODIK_API_TOKEN" not in str(refused.value)
    assert "secret-1" not in str(refused.value)


def test_production_with_real_tokens_and_dev_without_them_start() -> None:
    assert (
        Settings(_env_file=None, env="production", internal_token="t0k3n", kodik_api_token="k0d1k").env == "production"
    )
    assert Settings(_env_file=None, env="dev", internal_token="", kodik_api_token="").env == "dev"
