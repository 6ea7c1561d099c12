from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from ani_parser.cli import main
from ani_parser.fakes import (
    FakeProviders,
    Fault,
    RecordingBackend,
    create_fake_providers_app,
    create_recording_backend_app,
)


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


# ------------------------------------------------------------------ end to end, over real sockets

SECRET_KODIK = "kodik-live-secret-0xC0FFEE"
SECRET_INTERNAL = "internal-live-secret-0xBEEF"


def _serve(app: Any) -> tuple[uvicorn.Server, threading.Thread, int]:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, access_log=False, lifespan="off", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.01)
    port: int = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, port


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[tuple[FakeProviders, RecordingBackend]]:
    fake = FakeProviders(kodik_token=SECRET_KODIK)
    backend = RecordingBackend(tokens=(SECRET_INTERNAL,))
    servers = [_serve(create_fake_providers_app(fake)), _serve(create_recording_backend_app(backend))]
    fake.public_url = f"http://127.0.0.1:{servers[0][2]}"
    for key, value in {
        "KODIK_BASE_URL": fake.public_url,
        "SHIKIMORI_BASE_URL": fake.public_url,
        "BACKEND_BASE_URL": f"http://127.0.0.1:{servers[1][2]}",
        "KODIK_API_TOKEN": SECRET_KODIK,
        "INTERNAL_TOKEN": SECRET_INTERNAL,
        "RATE_LIMIT_RPS": "0",
        "SHIKIMORI_RPS": "0",
        "SHIKIMORI_RPM": "0",
        "BACKOFF_BASE_SECONDS": "0",
        "STATE_PATH": str(tmp_path / "state.json"),
    }.items():
        monkeypatch.setenv(key, value)
    yield fake, backend
    logging.getLogger().handlers[:] = []  # the CLI's handler points at the captured (now closed) stdout
    for server, thread, _ in servers:
        server.should_exit = True
        thread.join(timeout=10)


def test_cli_run_summary_exit_codes_and_no_token_in_output(
    live: tuple[FakeProviders, RecordingBackend], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fake, backend = live
    fake.faults = [Fault("5xx", 2, "/list"), Fault("429", 2, "/search")]
    summary_path = tmp_path / "summary.json"
    assert main(["run", "--mode", "full", "--summary-json", str(summary_path), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "new=63" in out
    assert "skipped: no_shikimori_id=1" in out
    assert "retrying request" in out  # the faults were logged ...
    assert SECRET_KODIK not in out
    assert SECRET_INTERNAL not in out
    summary = json.loads(summary_path.read_text())
    assert summary["new"] == 63
    assert summary["ok"] is True
    assert backend.titles["kodik-shikimori:20"]["poster"].startswith("http://127.0.0.1:")

    assert main(["run", "--mode", "incremental", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "new=0 changed=0" in out
    state = json.loads((tmp_path / "state.json").read_text())
    assert state["last_updated_at"]
    assert state["pending_ids"] == []
    assert (tmp_path / "state.json.summary.json").exists()


def test_cli_dry_run_one_and_cut_short(
    live: tuple[FakeProviders, RecordingBackend], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, backend = live
    assert main(["one", "--shikimori-id", "20", "--dry-run", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"would import +20 +Наруто +\(14 episodes, \d+ videos\)", out)
    assert backend.requests == 0
    assert not (tmp_path / "state.json").exists()
    assert main(["run", "--mode", "full", "--max-pages", "1", "--no-progress"]) == 4
    assert "cut short: max_pages" in capsys.readouterr().out


def test_cli_fails_with_exit_1_when_write_api_refuses_the_token(
    live: tuple[FakeProviders, RecordingBackend], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERNAL_TOKEN", "wrong-internal-token")
    assert main(["run", "--mode", "full", "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "write-api unavailable" in out
    assert "wrong-internal-token" not in out


def test_bad_arguments_are_usage_errors() -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["one", "--shikimori-id", "abc"])
    assert excinfo.value.code == 2
    with pytest.raises(SystemExit):
        main(["run", "--mode", "sometimes"])


def test_a_crash_is_exit_1_and_the_message_is_scrubbed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("KODIK_API_TOKEN", "crash-secret-token")
    monkeypatch.setenv("KODIK_BASE_URL", "http://[::1")  # an invalid URL makes httpx raise
    monkeypatch.setenv("STATE_PATH", str(tmp_path / "state.json"))
    assert main(["run", "--mode", "full", "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "import crashed" in out
    assert "crash-secret-token" not in out
