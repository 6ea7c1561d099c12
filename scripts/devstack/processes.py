"""Child processes of the local stack: started in their own process group, logged to files, stopped cleanly; the
ports they need, and the leftovers of a run that was killed.

Every part the stack starts is required: one that exits (at start-up or later) stops the stack with its exit code and
the tail of its log (:meth:`ManagedProcess.failure`); nothing is skipped because it looks missing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
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
    #: Without a ``ready_url``: seconds the process must stay up after its start to count as started (a worker that
    #: fails on import or on its first connection exits within them and stops the stack with its error).
    settle: float = 0.0
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)
    started_at: float = field(default=0.0, init=False)
    #: Where this run's output starts in the (appended) log file.
    log_offset: int = field(default=0, init=False)

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
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
        self.started_at = time.monotonic()

    def failure(self) -> str:
        """What to tell the user about a process that exited: its name, exit code and the end of its output."""
        code = self.process.returncode if self.process is not None else None
        tail = self.tail()
        return f"{self.name} exited with code {code} (log: {self.log_path}):\n{tail or '(no output)'}"

    def tail(self, lines: int = 25) -> str:
        """The last `lines` lines this run wrote (stdout and stderr)."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(self.log_offset)
                text = log.read().decode(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Until the process answers on ``ready_url`` (or, without one, has stayed up ``settle`` seconds); a
        :class:`StartupError` with its exit code and output when it exits first."""
        if self.ready_url is None:
            while time.monotonic() < self.started_at + self.settle:
                if not self.alive():
                    break
                time.sleep(0.1)
            if self.process is not None and self.process.poll() is not None:
                raise StartupError(self.failure())
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise StartupError(self.failure())
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


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _running(pid: int) -> bool:
    """Whether `pid` exists and is not a zombie (an exited child not yet collected by its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _cmdline(pid: int) -> str | None:
    """The command line of `pid`, or ``None`` when it is gone (or a zombie).

    It reads empty for a moment while the process is inside ``execve`` (past the point where its parent sees the
    exec as done, before the new arguments are in place), so an empty read is retried briefly.
    """
    for _ in range(40):
        try:
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        if raw:
            return raw.replace(b"\0", b" ").decode(errors="replace")
        if not _running(pid):
            return None
        time.sleep(0.025)
    return ""


def stop_process_group(pid: int) -> bool:
    """Stop the process group led by `pid` if that process is still one of ours (a Python, Traefik or Redis child)."""
    cmdline = _cmdline(pid)
    if cmdline is None:
        return False
    if not any(marker in cmdline for marker in ("python", "traefik", "redis", "node", "npm")):
        return False  # the pid was reused by something else
    try:
        os.killpg(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return False
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(pid):
        time.sleep(0.1)
    if _running(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    return True
