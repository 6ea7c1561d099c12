from __future__ import annotations

import json

import pytest

from ani_parser.cli import main


def test_check_config_masks_secrets(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KODIK_API_TOKEN", "very-secret-kodik-token")
    monkeypatch.setenv("INTERNAL_TOKEN", "very-secret-internal-token")
    assert main(["check-config"]) == 0
    out = capsys.readouterr().out
    assert "very-secret" not in out
    assert json.loads(out)["source_name"] == "kodik-shikimori"


def test_requires_a_command() -> None:
    with pytest.raises(SystemExit) as excinfo:
        main([])
    assert excinfo.value.code == 2
