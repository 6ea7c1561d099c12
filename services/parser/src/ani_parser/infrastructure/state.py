"""The run state as a JSON file, written atomically (temp file in the same directory, fsync, rename)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ani_common.logging import get_logger
from ani_parser.application.ports import RunState

__all__ = ["JsonStateStore"]

log = get_logger(__name__)
_VERSION = 1


class JsonStateStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def load(self) -> RunState:
        try:
            raw: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return RunState()
        except (OSError, ValueError):
            log.warning("state file unreadable; starting without a watermark", path=str(self.path))
            return RunState()
        if not isinstance(raw, dict) or raw.get("version") != _VERSION:
            log.warning("state file has an unknown shape; starting without a watermark", path=str(self.path))
            return RunState()
        last = raw.get("last_updated_at")
        pending = raw.get("pending_ids")
        summary = raw.get("last_run_summary")
        run_at = raw.get("last_run_at")
        return RunState(
            last_updated_at=last if isinstance(last, str) else None,
            pending_ids=[i for i in pending if isinstance(i, int)] if isinstance(pending, list) else [],
            last_run_at=run_at if isinstance(run_at, str) else None,
            last_run_summary=summary if isinstance(summary, dict) else None,
        )

    def save(self, state: RunState) -> None:
        payload = {
            "version": _VERSION,
            "last_updated_at": state.last_updated_at,
            "pending_ids": state.pending_ids,
            "last_run_at": state.last_run_at,
            "last_run_summary": state.last_run_summary,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False, indent=2)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        try:
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
