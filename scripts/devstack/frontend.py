"""The Next.js site in the local stack: Node toolchain check, `npm ci` and `next build` only when needed, instances.

Two stamps decide what to redo, both next to what they describe so that every stack sharing `frontend/` (make dev,
the site harness of the browser tests) agrees:

- ``node_modules/.ani-install.json``: the hash of ``package-lock.json`` at the last install. A missing
  ``node_modules`` or another lockfile means ``npm ci``, unless npm itself installed that lockfile (``npm install
  some-package`` writes ``node_modules/.package-lock.json`` after ``package-lock.json``): such a tree is adopted;
- ``.next/ani-build.json``: the hash of every build input (:data:`BUILD_INPUTS`) and the ``BUILD_ID`` of the last
  successful build. `next build` empties ``.next`` first, so a failed or interrupted build leaves no stamp.

Builds and installs of one ``frontend/`` are serialised with a lock file (``.next/cache`` survives builds).

A stack does not serve ``.next/standalone`` itself: `next build` empties ``.next`` first, so a build started by
another stack (or by hand) would pull the files from under a running server. Each stack serves its own copy of the
build, ``<data dir>/site/<BUILD_ID>/server.js`` (what ``frontend/Dockerfile`` ships, run the same way).

    python -m scripts.devstack.frontend deps      # what scripts/test.sh, lint.sh and openapi.sh call
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from scripts.devstack.processes import StartupError

ROOT = Path(__file__).resolve().parents[2]
FRONTEND_DIR = ROOT / "frontend"
MIN_NODE = (20, 9)

#: What `next build` reads: any change here means a rebuild. Folders are walked recursively.
BUILD_INPUTS = (
    "src",
    "messages",
    "public",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "next.config.ts",
    "next.config.mjs",
    "next.config.js",
    "postcss.config.mjs",
    "postcss.config.js",
    "tailwind.config.ts",
    ".env",
    ".env.production",
    ".env.local",
    ".env.production.local",
    "scripts/serve.mjs",
)
#: Files `next build` itself may rewrite (it adds its type folders to tsconfig's "include"): a change made to them
#: during the build does not make the fresh build stale.
REWRITTEN_BY_BUILD = frozenset({"tsconfig.json"})
INSTALL_INPUTS = ("package-lock.json",)

NODE_HINT = (
    "the site needs Node.js >= {version} and npm: install Node 20 LTS (https://nodejs.org, or your distribution's "
    "nodejs + npm packages when they are recent enough), or run the API only with `make dev ARGS=--no-frontend`"
)

#: Every Next.js process we start: no telemetry calls from dev machines or CI.
NEXT_ENV = {"NEXT_TELEMETRY_DISABLED": "1"}


def _digest_files(paths: Iterator[tuple[str, Path]]) -> dict[str, str]:
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in paths}


def input_digests(frontend_dir: Path, inputs: tuple[str, ...] = BUILD_INPUTS) -> dict[str, str]:
    """``relative path -> sha256`` of every existing input file (folders walked, in a stable order)."""

    def walk() -> Iterator[tuple[str, Path]]:
        for entry in inputs:
            path = frontend_dir / entry
            if path.is_file():
                yield entry, path
            elif path.is_dir():
                for file in sorted(path.rglob("*")):
                    if file.is_file():
                        yield file.relative_to(frontend_dir).as_posix(), file

    return _digest_files(walk())


def combined_hash(digests: Mapping[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(digests.items())).encode()).hexdigest()


@dataclass(frozen=True)
class Frontend:
    """One ``frontend/`` folder: what it needs before it can be served, and how to serve it."""

    directory: Path = FRONTEND_DIR

    # ------------------------------------------------------------------ layout
    @property
    def install_stamp(self) -> Path:
        return self.directory / "node_modules" / ".ani-install.json"

    @property
    def build_stamp(self) -> Path:
        return self.directory / ".next" / "ani-build.json"

    @property
    def build_id_file(self) -> Path:
        return self.directory / ".next" / "BUILD_ID"

    @property
    def server(self) -> Path:
        return self.directory / ".next" / "standalone" / "server.js"

    @property
    def exists(self) -> bool:
        return (self.directory / "package.json").is_file()

    # ------------------------------------------------------------------ toolchain
    def check_toolchain(self) -> None:
        """Fail before anything starts when Node or npm is missing or too old, saying what to install."""
        hint = NODE_HINT.format(version=".".join(map(str, MIN_NODE)))
        node, npm = shutil.which("node"), shutil.which("npm")
        if node is None or npm is None:
            missing = " and ".join(name for name, found in (("node", node), ("npm", npm)) if found is None)
            raise StartupError(f"{missing} not found: {hint}")
        version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False).stdout.strip()
        match = re.fullmatch(r"v(\d+)\.(\d+)\.\d+.*", version)
        if match is None or (int(match.group(1)), int(match.group(2))) < MIN_NODE:
            raise StartupError(f"Node.js {version or '(unknown version)'} is too old: {hint}")

    # ------------------------------------------------------------------ decisions
    def install_hash(self) -> str:
        return combined_hash(input_digests(self.directory, INSTALL_INPUTS))

    def needs_install(self) -> bool:
        """`npm ci` when node_modules is missing or the lockfile changed since the last install."""
        node_modules = self.directory / "node_modules"
        if not node_modules.is_dir():
            return True
        try:
            stamp = json.loads(self.install_stamp.read_text())
        except (OSError, ValueError):
            stamp = None
        if isinstance(stamp, dict) and stamp.get("hash") == self.install_hash():
            return False
        # Installed without us (`npm install x`, a plain `npm ci`): npm writes its hidden lockfile last, so a tree
        # at least as new as the lockfile is the lockfile's tree; adopt it rather than reinstalling.
        hidden, lock = node_modules / ".package-lock.json", self.directory / "package-lock.json"
        if hidden.is_file() and lock.is_file() and hidden.stat().st_mtime >= lock.stat().st_mtime:
            self.write_install_stamp()
            return False
        return True

    def write_install_stamp(self) -> None:
        self.install_stamp.write_text(json.dumps({"hash": self.install_hash()}))

    def needs_build(self) -> bool:
        """`next build` on the first run and whenever an input changed since the last successful build (or the
        build output was replaced, e.g. by a build run by hand)."""
        try:
            stamp = json.loads(self.build_stamp.read_text())
            build_id = self.build_id_file.read_text().strip()
        except (OSError, ValueError):
            return True
        if not isinstance(stamp, dict) or not self.server.is_file():
            return True
        return bool(stamp.get("build_id") != build_id or stamp.get("inputs") != combined_hash(self.input_digests()))

    def input_digests(self) -> dict[str, str]:
        return input_digests(self.directory)

    def release(self, target_root: Path, log_dir: Path) -> Path:
        """A private copy of the current build under `target_root` (one per build id; older ones are removed), with
        its static files and public/ in place; returns its server.js."""
        with self.locked():
            build_id = self.build_id_file.read_text().strip()
            standalone = self.server.parent
            assets = standalone / ".next" / "ani-assets-build-id"
            if not assets.is_file() or assets.read_text().strip() != build_id:  # built without `npm run build`
                self._run(["node", "scripts/serve.mjs", "--prepare"], {}, log_dir / "frontend-assets.log", "serve.mjs")
            target = target_root / build_id
            complete = target / ".ani-complete"
            if not complete.is_file():
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(standalone, target, symlinks=True)
                complete.write_text(build_id)
        for other in target_root.iterdir():
            if other != target:
                shutil.rmtree(other, ignore_errors=True)
        return target / "server.js"

    def write_build_stamp(self, before: Mapping[str, str]) -> None:
        """Record a successful build of the inputs as they were when it started (`before`).

        An input edited while the build ran is not in the build: the stamp keeps its old digest, so the next run
        rebuilds. Only a change `next build` itself makes (tsconfig.json) is taken as built.
        """
        after = self.input_digests()
        changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
        built = dict(after) if changed <= REWRITTEN_BY_BUILD else dict(before)
        build_id = self.build_id_file.read_text().strip()
        self.build_stamp.write_text(json.dumps({"inputs": combined_hash(built), "build_id": build_id}))

    # ------------------------------------------------------------------ actions
    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One install or build of this folder at a time (make dev and a test harness may start together)."""
        lock_dir = self.directory / ".next" / "cache"
        lock_dir.mkdir(parents=True, exist_ok=True)
        with (lock_dir / "ani-devstack.lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _run(self, argv: list[str], env: Mapping[str, str], log_path: Path, what: str) -> None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("wb") as log:
            # Own process group: an interrupted start-up stops npm *and* what it started (next build's workers).
            process = subprocess.Popen(
                argv,
                env={**os.environ, **NEXT_ENV, **env},
                cwd=self.directory,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                returncode = process.wait()
            except BaseException:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                raise
        if returncode != 0:
            tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-40:])
            raise StartupError(f"{what} failed (exit {returncode}); full output in {log_path}:\n{tail}")

    def ensure_dependencies(self, log_dir: Path, log: Callable[[str], None] = print) -> bool:
        """`npm ci` if needed; True when it ran."""
        with self.locked():
            if not self.needs_install():
                return False
            log("installing the site's dependencies (npm ci)")
            self._run(["npm", "ci", "--no-audit", "--no-fund"], {}, log_dir / "npm-ci.log", "npm ci in frontend/")
            self.write_install_stamp()
            return True

    def ensure_build(self, env: Mapping[str, str], log_dir: Path, log: Callable[[str], None] = print) -> bool:
        """`npm run build` (next build, then postbuild) if needed; True when it ran."""
        with self.locked():
            if not self.needs_build():
                return False
            log("building the site (next build; 1-2 min on a small machine)")
            before = self.input_digests()
            try:
                self._run(
                    ["npm", "run", "build"], env, log_dir / "frontend-build.log", "the site's build (npm run build)"
                )
            except StartupError as exc:
                raise StartupError(f"{exc}\n(`make dev ARGS=--no-frontend` runs the API without the site)") from None
            if not self.server.is_file():
                raise StartupError(
                    f"the build produced no {self.server.relative_to(self.directory)}: next.config.ts must keep "
                    '`output: "standalone"`'
                )
            self.write_build_stamp(before)
            return True


def main(argv: list[str] | None = None) -> int:
    """`deps`: make sure frontend/node_modules matches the lockfile (for the scripts that run npm commands)."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["deps"]:
        print("usage: python -m scripts.devstack.frontend deps", file=sys.stderr)
        return 2
    frontend = Frontend()
    try:
        frontend.check_toolchain()
        frontend.ensure_dependencies(ROOT / ".data" / "logs")
    except StartupError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
