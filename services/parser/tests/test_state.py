from __future__ import annotations

import json
from pathlib import Path

from ani_parser.application.ports import RunState
from ani_parser.infrastructure.state import JsonStateStore


def test_round_trip_and_atomic_replace(tmp_path: Path) -> None:
    store = JsonStateStore(tmp_path / "deep" / "state.json")
    assert store.load() == RunState()
    store.save(RunState(last_updated_at="2026-11-01T12:00:00+00:00", pending_ids=[3, 1]))
    loaded = store.load()
    assert loaded.last_updated_at == "2026-11-01T12:00:00+00:00"
    assert loaded.pending_ids == [3, 1]
    assert [p.name for p in (tmp_path / "deep").iterdir()] == ["state.json"]  # no temp files left behind


def test_corrupt_or_foreign_state_starts_fresh(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    assert JsonStateStore(path).load() == RunState()
    path.write_text(json.dumps({"version": 99, "last_updated_at": "x"}))
    assert JsonStateStore(path).load() == RunState()
