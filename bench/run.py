"""`make bench`: list the benchmarks and run them, all or one.

    uv run python bench/run.py --list                    # what each bench measures, its goal, how long it takes
    uv run python bench/run.py                           # every bench, one after the other
    uv run python bench/run.py read --rounds 1 --duration 3   # one bench; the rest goes to the bench itself
    uv run python bench/run.py read --help               # a bench's own options

    make bench                        # the list, then every bench
    make bench B=list                 # the list only
    make bench B=read ARGS="--rounds 1 --duration 3"

A bench is every ``bench/*_bench.py``; its name is the file name without ``_bench.py``. Each one prints its own
figures and the ratio against the baseline it measures in the same run (see bench/README.md); this runner only finds
them, checks the tools they need (``wrk``: ``apt-get install -y wrk``), runs each with the workspace package it
imports (``uv run --package …``, as its docstring says) and prints a summary of exit codes and durations.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent

#: Typical wall time at the defaults on a 2-core machine (bench/README.md has where each figure comes from).
TYPICAL_DURATION = {
    "auth": "3-4 min",
    "gateway": "4 min",
    "parser": "1-2 min",
    "progress_projection_cost": "1 min",
    "projection_lag": "1 min",
    "read": "6-8 min",
    "site": "4-6 min (+1-3 min to start and build its own stack)",
    "write_progress": "4-6 min",
}
#: How to install a tool a bench needs, on Debian/Ubuntu (what .ci/run uses for its own tools).
INSTALL = {"wrk": "sudo apt-get install -y wrk"}


@dataclass(frozen=True)
class Bench:
    name: str
    path: Path
    summary: str
    #: ``uv run --package <package>`` (the workspace member whose code the bench imports), from its docstring.
    package: str | None
    tools: tuple[str, ...]

    @property
    def duration(self) -> str:
        return TYPICAL_DURATION.get(self.name, "?")


def discover(directory: Path = BENCH_DIR) -> list[Bench]:
    benches = []
    for path in sorted(directory.glob("*_bench.py")):
        source = path.read_text()
        docstring = ast.get_docstring(ast.parse(source)) or ""
        package = re.search(r"uv run --package (\S+) python bench/", docstring)
        tools = ("wrk",) if re.search(r"""["']wrk["']""", source) else ()
        benches.append(
            Bench(
                name=path.name.removesuffix("_bench.py"),
                path=path,
                summary=docstring.split("\n", 1)[0].strip(),
                package=package.group(1) if package else None,
                tools=tools,
            )
        )
    return benches


def listing(benches: list[Bench]) -> str:
    width = max(len(bench.name) for bench in benches)
    lines = ["benches (bench/README.md says what each measures, its goal and its baseline):", ""]
    for bench in benches:
        needs = f"; needs {', '.join(bench.tools)}" if bench.tools else ""
        lines.append(f"  {bench.name:<{width}}  {bench.summary}")
        lines.append(f"  {'':<{width}}  ~{bench.duration}{needs}; bench/{bench.path.name}")
    lines += [
        "",
        "make bench B=<name> ARGS='...' runs one (ARGS=--help: its options); make bench runs them all.",
    ]
    return "\n".join(lines)


def missing_tools(bench: Bench) -> list[str]:
    return [tool for tool in bench.tools if shutil.which(tool) is None]


def missing_message(bench: Bench, tools: list[str]) -> str:
    how = " and ".join(f"`{INSTALL.get(tool, f'(install {tool})')}`" for tool in tools)
    return f"bench {bench.name} needs {', '.join(tools)}, not found on PATH: install it with {how} (Debian/Ubuntu)"


def command(bench: Bench, args: list[str]) -> list[str]:
    uv = shutil.which("uv")
    if uv is None:  # already inside the synced environment (every member is installed by `make install`)
        return [sys.executable, str(bench.path.relative_to(ROOT)), *args]
    package = ["--package", bench.package] if bench.package else []
    return [uv, "run", *package, "python", str(bench.path.relative_to(ROOT)), *args]


def wants_help(args: list[str]) -> bool:
    return "-h" in args or "--help" in args


def run(bench: Bench, args: list[str]) -> int:
    tools = [] if wants_help(args) else missing_tools(bench)
    if tools:
        print(missing_message(bench, tools), file=sys.stderr)
        return 127
    argv = command(bench, args)
    shown = ["uv", *argv[1:]] if argv[0] != sys.executable else ["python", *argv[1:]]
    print(f"\n=== {bench.name}: {bench.summary}\n$ {shlex.join(shown)}")
    sys.stdout.flush()
    return subprocess.run(argv, cwd=ROOT, env=os.environ, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    benches = discover()
    by_name = {bench.name: bench for bench in benches} | {bench.path.name: bench for bench in benches}
    parser = argparse.ArgumentParser(
        prog="make bench",
        description="List and run the benchmarks of bench/ (see bench/README.md).",
        epilog="Any argument after the bench's name goes to the bench itself (e.g. --help, --rounds 1).",
    )
    parser.add_argument("--list", action="store_true", help="list the benches and exit")
    parser.add_argument("bench", nargs="?", help="one bench to run (default: all), or `list`")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for that bench")
    options = parser.parse_args(argv)
    if options.list or options.bench == "list":
        print(listing(benches))
        return 0
    if options.bench is None or options.bench == "all":
        if options.args:
            parser.error("ARGS go to one bench: make bench B=<name> ARGS='...'")
        chosen = benches
        print(listing(benches))
    elif options.bench in by_name:
        chosen = [by_name[options.bench]]
    else:
        parser.error(f"no bench {options.bench!r}; one of: {', '.join(bench.name for bench in benches)}")
    missing = {} if wants_help(options.args) else {bench.name: missing_tools(bench) for bench in chosen}
    missing = {name: tools for name, tools in missing.items() if tools}
    if missing:  # before anything runs: a long run should not stop half-way for a tool
        for name, tools in missing.items():
            print(missing_message(by_name[name], tools), file=sys.stderr)
        return 127
    results: list[tuple[str, int, float]] = []
    for bench in chosen:
        started = time.monotonic()
        code = run(bench, options.args)
        results.append((bench.name, code, time.monotonic() - started))
    if len(results) > 1:
        print("\n=== summary")
        for name, code, seconds in results:
            print(f"  {name:<26} {'ok' if code == 0 else f'FAILED (exit {code})':<16} {seconds / 60:5.1f} min")
    return max((code for _, code, _ in results), default=0)


if __name__ == "__main__":
    sys.exit(main())
