"""Progress line on a terminal (stderr); silent when stderr is not a TTY (cron, CI, pipes)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["TerminalProgress"]


class TerminalProgress:
    def __init__(self, stream: TextIO | None = None, *, force: bool = False) -> None:
        self._stream = stream or sys.stderr
        self._enabled = force or self._stream.isatty()
        self._started = time.monotonic()
        self._drawn = False

    def update(self, *, listed: int, processed: int, failed: int) -> None:
        if not self._enabled:
            return
        elapsed = max(time.monotonic() - self._started, 1e-9)
        self._stream.write(
            f"\rlisted {listed:>7}  processed {processed:>7}  failed {failed:>5}  {processed / elapsed:7.1f} titles/s"
        )
        self._stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._enabled and self._drawn:
            self._stream.write("\n")
            self._stream.flush()
