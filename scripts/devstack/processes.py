"""Child processes of the local stack: started in their own process group, logged to files, stopped cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx


class StartupError(RuntimeError):
    pass


@dataclass
class ManagedProcess:
    name: str
    argv: Sequence[str]
    env: Mapping[str, str]
    log_path: Path
    cwd: Path | None = None
    ready_url: str | None = None
    #: Ready on any HTTP answer (a web app whose pages may fail while it is being written), not only on a 200.
    ready_on_any_status: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            list(self.argv),
            env={**os.environ, **self.env},
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: Ctrl-C reaches us, we stop the children in order
        )
        log.close()

    def tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def wait_ready(self, timeout: float = 90.0) -> None:
        if self.ready_url is None:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise StartupError(f"{self.name} exited with {self.process.returncode}:\n{self.tail()}")
            try:
                status = httpx.get(self.ready_url, timeout=5).status_code
                if status == 200 or self.ready_on_any_status:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise StartupError(f"{self.name} not ready after {timeout:.0f}s ({self.ready_url}):\n{self.tail()}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def run_checked(
    argv: Sequence[str], env: Mapping[str, str], *, cwd: Path | None = None, what: str
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(list(argv), env={**os.environ, **env}, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise StartupError(
            f"{what} failed (exit {result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result


def run_parallel(commands: Sequence[tuple[Sequence[str], Mapping[str, str], str]]) -> None:
    """Run independent one-shot commands (e.g. the migrations of two databases) at once; fail if any fails."""
    started = [
        (
            subprocess.Popen(
                list(argv),
                env={**os.environ, **env},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
            what,
        )
        for argv, env, what in commands
    ]
    failures = []
    for process, what in started:
        stdout, stderr = process.communicate()
        if process.returncode != 0:
            failures.append(f"{what} failed (exit {process.returncode}):\n{stdout[-3000:]}\n{stderr[-3000:]}")
    if failures:
        raise StartupError("\n".join(failures))
