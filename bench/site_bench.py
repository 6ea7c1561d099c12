"""The Next.js site through the gateway: Lighthouse scores, server throughput against a static page, first-load JS.

Three measurements of the production build, every request through Traefik as a browser's would be:

1. **Lighthouse** (npm ``lighthouse`` from ``frontend/node_modules``, Debian's Chromium) on ``/``, ``/catalog`` and
   one title page (``/anime/<slug>``, "Атака титанов" of the demo catalog unless ``--slug``), each with the default
   mobile emulation (simulated slow 4G and 4x CPU slow-down) and with ``--preset=desktop``; categories performance,
   accessibility, best practices and SEO; ``Accept-Language: ru``. Goal: **≥ 95 in every category** for every page
   and preset. The baseline ``/about`` (a page of the same site prerendered at build time: same layout, proxy and
   page cache, no data) is run too, as the machine's reference: on two shared cores the performance score moves
   with the load of the box, the other categories do not, so each row also shows
   Lighthouse's own CPU benchmark of that run (``environment.benchmarkIndex``, higher is faster; it fell from about
   1,500 to 600 when the box was busy) and the load average when the run started: a low performance score with a
   low index is the machine, not the page; ``--lighthouse-runs 3`` gives medians. Every audit scoring under 1 is
   listed (id, title, score, weight, the first items of its details) under the table; the JSON reports go to the
   git-ignored ``frontend/.lighthouse/site-bench/<time>/`` with a ``summary.json`` of every figure.
2. **Throughput**: ``wrk -t1 -c16 -d<duration>s --latency`` (after a 3 s warm-up) on the title page and on
   ``/catalog`` against ``/about``, round-robin over ``--rounds`` rounds, with ``Accept-Language: ru`` and
   ``Accept-Encoding: gzip`` as a browser sends them; medians of rps and p99, and the ratio page ÷ baseline of the
   rps medians (goal **≥ 0.50**). 16 connections: the site is one Node.js process (one event loop) behind Traefik;
   the static baseline still gains up to about -c16 (2,500 rps at -c1, 3,700 at -c4, 4,800 at -c16 in a probe),
   while 16 is a handful of concurrent visitors (a browser opens up to 6 connections per host) and keeps the queue,
   hence p99, meaningful. A rendered page peaked at -c1..-c4 in a probe (16-17 rps) and fell to about 10 at -c16 and
   3 at -c64: concurrent renders slow each other down, which this setting shows rather than hides. wrk -t1 because
   wrk shares the two cores with Traefik, Node and the read-api. The title and catalog pages are rendered on their
   first request and then served from Next.js's page cache, re-rendered in the background once a second (``revalidate
   = 1``, ``expireTime: 3``: never older than 3 s), each render reading the read-api through the gateway; ``/about``
   is rendered once at build time. The ratio is what freshness costs: the background re-renders and the larger pages.
3. **First-load JavaScript** of the title page: a fresh Chromium (playwright-core from ``frontend/node_modules``,
   locale ru-RU, empty cache) opens the page; the bytes on the wire (gzip through the gateway, headers included) of
   every script requested before the ``load`` event are summed; scripts fetched later (route prefetches) are listed
   apart. Goal: **≤ 150 kB** (150,000 bytes). Next 16 with Turbopack no longer prints "First Load JS" in
   ``next build``; it writes ``.next/diagnostics/route-bundle-stats.json`` (per route: the first-load chunk list and
   its *uncompressed* size), which is reported too, with the gzip size of those chunks computed here (level 6, as
   the server's compression). Lighthouse's ``resource-summary`` script bytes are a third, cross-checking figure.

By default the script starts its own site stack (``tests/e2e/harness.site_options`` on other ports, its own data
dir, databases ``ani_sitebench_*`` and Redis DB 5), which builds the site with ``next build`` when its sources changed
since the last build, and stops it at the end; it refuses to build while another stack may be serving
``frontend/.next`` (something on :18280 or :8080) unless ``--allow-build``. ``--attach [URL]`` measures an already
running stack instead (default ``http://127.0.0.1:18280``, the one of ``python -m tests.e2e.harness --site``) and
starts nothing. Run from the repo root::

    uv run python bench/site_bench.py --rounds 3 --duration 10
    uv run python bench/site_bench.py --attach --rounds 3 --duration 10

Needs wrk (``apt-get install wrk``), Node.js, ``/usr/bin/chromium`` (or ``CHROME_PATH``) and ``frontend/node_modules``.
A run takes 4 minutes attached on a quiet box, 5.5 on a busy one (Lighthouse 2-3 min: 8 runs of 12-35 s; wrk 2 min
at the defaults; the first-load probe 10 s), plus the stack's start-up when it starts its own (a minute or so, two
or three more with a build).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `scripts.devstack` and `tests.e2e` when run as `python bench/site_bench.py`

from harness import wrk_ms  # noqa: E402

FRONTEND = ROOT / "frontend"
LIGHTHOUSE = FRONTEND / "node_modules" / ".bin" / "lighthouse"
OUT_ROOT = FRONTEND / ".lighthouse" / "site-bench"  # frontend/.gitignore has `.lighthouse/`
ATTACH_DEFAULT = "http://127.0.0.1:18280"
OWN_DATA_DIR = Path(tempfile.gettempdir()) / "ani-site-bench"
OWN_GATEWAY_PORT = 18480
#: Stacks that may be serving frontend/.next/standalone straight from the folder a build would empty.
OTHER_STACK_PORTS = (18280, 8080)

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CATEGORY_SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
PRESETS = ("mobile", "desktop")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
BROWSER_HEADERS = {"Accept-Language": "ru", "Accept-Encoding": "gzip"}
LIGHTHOUSE_GOAL = 95
#: A static page of the site itself (prerendered at build time): the throughput and Lighthouse reference.
BASELINE_PATH = "/about"
THROUGHPUT_GOAL = 0.50
JS_GOAL_BYTES = 150_000
LIGHTHOUSE_TIMEOUT = 240  # seconds per Lighthouse run
WARMUP_SECONDS = 3


def chrome_path() -> str:
    return os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def elapsed(started: float) -> str:
    return f"[{time.monotonic() - started:6.1f}s]"


# ---------------------------------------------------------------- the stack
def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def own_stack(args: argparse.Namespace, log: Any) -> Any:
    """The site stack of the browser tests, on its own ports, data dir, databases and Redis DB: started, yielded
    (its gateway URL), stopped and its databases dropped."""
    from scripts.devstack.frontend import Frontend
    from scripts.devstack.stack import Stack
    from tests.e2e.harness import site_options, start_fresh, stop

    port = args.port
    options = dataclasses.replace(
        site_options(OWN_DATA_DIR, log),
        gateway_port=port,
        metrics_port=port + 2,
        port_base=port + 20,  # auth +21, write-api +22, read-api +23
        fake_providers_port=port + 110,
        frontend_port=port + 50,
        database_prefix="ani_sitebench",
        # Free of the test suites' DBs (see tests/e2e/harness.py), of make dev (0) and of the site harness (11).
        redis_db=5,
    )
    if Frontend(options.frontend_dir).needs_build() and not args.allow_build:
        busy = [p for p in OTHER_STACK_PORTS if port_in_use(p)]
        if busy:
            raise SystemExit(
                f"the site's sources changed since the last build, and a stack answers on :{', :'.join(map(str, busy))}"
                " (it may serve frontend/.next/standalone, which `next build` empties): measure it with --attach, stop"
                " it, or pass --allow-build"
            )
    stack = Stack(options)

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        log(f"starting a site stack on {stack.gateway_url} (data dir {OWN_DATA_DIR})")
        start_fresh(stack)  # stops what it started when the start-up fails
        log("stack ready")
        try:
            yield stack.gateway_url
        finally:
            log("stopping the stack")
            stop(stack)
    finally:
        signal.signal(signal.SIGTERM, previous)


def pick_slug(base: str) -> tuple[str, str]:
    """The demo's "Атака титанов" (found by its romaji title), else the most recently updated title."""
    queries: tuple[dict[str, str | int], ...] = ({"q": "shingeki", "limit": 1}, {"limit": 1, "sort": "-updated_at"})
    for query in queries:
        response = httpx.get(f"{base}/api/read/anime", params=query, timeout=10)
        if response.status_code == 200 and response.json():
            item = response.json()[0]
            return item["slug"], item["title"]
    raise RuntimeError(f"{base}/api/read/anime lists no title: is the demo catalog seeded?")


def served_build_id(html: str) -> str | None:
    """The build id Next.js puts in the page's flight data (``"b":"<id>"``)."""
    match = re.search(r'\\?"b\\?":\\?"([\w-]{8,})\\?"', html)
    return match.group(1) if match else None


# ---------------------------------------------------------------- Lighthouse
@dataclass
class LighthouseRun:
    page: str
    preset: str
    path: Path
    scores: dict[str, int]
    metrics: dict[str, str]
    failed: list[dict[str, Any]]
    script_bytes: int | None
    warnings: list[str]
    #: Lighthouse's own CPU benchmark at the start of the run (higher is faster): how loaded the box was.
    benchmark_index: float | None = None
    #: The 1-minute load average when the run started.
    load: float | None = None


def _item_text(item: dict[str, Any]) -> str:
    """One row of an audit's details, short: selectors and snippets of nodes, URLs, savings."""
    parts = []
    for key, value in item.items():
        if isinstance(value, dict):
            kind = value.get("type")
            if kind == "node":
                label = value.get("selector") or value.get("path") or ""
                snippet = (value.get("snippet") or "")[:120]
                parts.append(f"{key}={label} {snippet}".strip())
            elif kind == "source-location":
                parts.append(f"{key}={value.get('url')}:{value.get('line')}:{value.get('column')}")
            elif kind in ("url", "code", "text"):
                parts.append(f"{key}={str(value.get('value'))[:120]}")
        elif isinstance(value, (str, int, float, bool)) and key not in ("subItems",):
            text = f"{value:.0f}" if isinstance(value, float) else str(value)
            parts.append(f"{key}={text[:120]}")
        elif isinstance(value, list) and key == "subItems":
            continue
    return "; ".join(parts)[:400]


def _details(audit: dict[str, Any], limit: int = 6) -> list[str]:
    details = audit.get("details") or {}
    items = details.get("items") or []
    rows = []
    for item in items[:limit]:
        if isinstance(item, dict):
            if item.get("type") == "table":  # a list of tables (some insights)
                rows += [_item_text(sub) for sub in (item.get("items") or [])[:limit]]
            else:
                rows.append(_item_text(item))
    if len(items) > limit:
        rows.append(f"... {len(items) - limit} more in the report")
    return [row for row in rows if row]


def parse_report(page: str, preset: str, path: Path) -> LighthouseRun:
    report = json.loads(path.read_text())
    audits = report["audits"]
    scores = {}
    failed = []
    for category_id in CATEGORIES:
        category = report["categories"][category_id]
        scores[category_id] = round((category["score"] or 0) * 100)
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative", "error"):
                if audit.get("scoreDisplayMode") == "error":
                    failed.append(
                        {
                            "category": category_id,
                            "id": ref["id"],
                            "title": audit["title"],
                            "score": None,
                            "weight": ref.get("weight", 0),
                            "display": f"audit error: {audit.get('errorMessage')}",
                            "details": [],
                        }
                    )
                continue
            score = audit.get("score")
            if score is None or score >= 1:
                continue
            failed.append(
                {
                    "category": category_id,
                    "id": ref["id"],
                    "title": audit["title"],
                    "score": score,
                    "weight": ref.get("weight", 0),
                    "display": audit.get("displayValue") or "",
                    "details": _details(audit),
                }
            )
    metrics = {
        name: audits[audit_id].get("displayValue", "?")
        for name, audit_id in (
            ("FCP", "first-contentful-paint"),
            ("LCP", "largest-contentful-paint"),
            ("TBT", "total-blocking-time"),
            ("CLS", "cumulative-layout-shift"),
            ("SI", "speed-index"),
        )
        if audit_id in audits
    }
    script_bytes = None
    summary = (audits.get("resource-summary") or {}).get("details") or {}
    for item in summary.get("items") or []:
        if item.get("resourceType") == "script":
            script_bytes = int(item.get("transferSize") or 0)
    warnings = report.get("runWarnings") or []
    benchmark_index = (report.get("environment") or {}).get("benchmarkIndex")
    return LighthouseRun(page, preset, path, scores, metrics, failed, script_bytes, warnings, benchmark_index)


def run_lighthouse(url: str, preset: str, output: Path) -> None:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=45000",
        f"--extra-headers={json.dumps({'Accept-Language': BROWSER_HEADERS['Accept-Language']})}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chrome_path()}
    # Own session: a run that overstays its time is stopped with the Chromium it started.
    process = subprocess.Popen(
        command, env=env, cwd=FRONTEND, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        out, _ = process.communicate(timeout=LIGHTHOUSE_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise RuntimeError(f"lighthouse {preset} {url} took more than {LIGHTHOUSE_TIMEOUT}s") from None
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    if process.returncode != 0 or not output.is_file():
        tail = "\n".join(out.decode(errors="replace").splitlines()[-20:])
        raise RuntimeError(f"lighthouse {preset} {url} failed (exit {process.returncode}):\n{tail}")


def median_run(runs: list[LighthouseRun]) -> tuple[dict[str, int], LighthouseRun]:
    """Median of each category, and the run with the median performance score (its audits are the ones listed)."""
    scores = {c: round(statistics.median(r.scores[c] for r in runs)) for c in CATEGORIES}
    ordered = sorted(runs, key=lambda r: r.scores["performance"])
    return scores, ordered[(len(ordered) - 1) // 2]


# ---------------------------------------------------------------- wrk
@dataclass
class Run:
    rps: float
    p99_ms: float
    requests: int
    errors: int = 0  # non-2xx/3xx responses and socket errors


def _field(pattern: str, output: str) -> str:
    match = re.search(pattern, output)
    if match is None:
        raise RuntimeError(f"wrk output without {pattern!r}:\n{output}")
    return match.group(1)


def wrk(url: str, *, seconds: int, connections: int) -> Run:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for name, value in BROWSER_HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 30, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}:\n{result.stdout}{result.stderr}")
    output = result.stdout
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    requests = int(_field(r"(\d+) requests in", output))
    p99 = re.search(r"\s99%\s+(\S+)", output)
    return Run(
        rps=float(_field(r"Requests/sec:\s+([\d.]+)", output)),
        p99_ms=wrk_ms(p99.group(1)) if p99 else float("nan"),
        requests=requests,
        errors=errors,
    )


def median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.rps for r in runs),
        statistics.median(r.p99_ms for r in runs),
        int(statistics.median(r.requests for r in runs)),
        sum(r.errors for r in runs),
    )


# ---------------------------------------------------------------- first-load JS
FIRST_LOAD_SCRIPT = r"""
// Opens one page in a fresh Chromium and prints every response: type, bytes on the wire, decoded bytes, and whether
// it was requested before the load event.
const path = require("node:path");
const [frontendDir, url, executablePath, chromeFlags] = process.argv.slice(2);
const { chromium } = require(path.join(frontendDir, "node_modules", "playwright-core"));

(async () => {
  const browser = await chromium.launch({ executablePath, headless: true, args: chromeFlags.split(" ") });
  try {
    const context = await browser.newContext({ locale: "ru-RU" });
    const page = await context.newPage();
    let phase = "first-load";
    const started = new Map();
    const pending = [];
    page.on("request", (request) => started.set(request, phase));
    page.on("requestfinished", (request) => {
      pending.push(
        (async () => {
          const response = await request.response();
          const sizes = await request.sizes().catch(() => null);
          let decoded = null;
          try { decoded = (await response.body()).length; } catch { /* bodies of some requests are not kept */ }
          const headers = response ? await response.allHeaders() : {};
          return {
            url: request.url(),
            type: request.resourceType(),
            phase: started.get(request) ?? "first-load",
            status: response ? response.status() : null,
            encoding: headers["content-encoding"] ?? "",
            body: sizes ? sizes.responseBodySize : null,
            headers: sizes ? sizes.responseHeadersSize : null,
            decoded,
          };
        })(),
      );
    });
    await page.goto(url, { waitUntil: "load", timeout: 60000 });
    phase = "after-load";
    await page.waitForLoadState("networkidle", { timeout: 20000 }).catch(() => {});
    await page.waitForTimeout(1000);
    const rows = await Promise.all(pending);
    process.stdout.write(JSON.stringify(rows));
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
"""


def first_load_requests(url: str) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="ani-site-bench-") as work:
        script = Path(work) / "first-load.cjs"
        script.write_text(FIRST_LOAD_SCRIPT)
        result = subprocess.run(
            ["node", str(script), str(FRONTEND), url, chrome_path(), CHROME_FLAGS],
            capture_output=True,
            text=True,
            timeout=150,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"the first-load probe failed:\n{result.stderr[-3000:]}")
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def next_route_stats(route: str) -> dict[str, Any] | None:
    """What Next 16 reports for `route` in .next/diagnostics/route-bundle-stats.json, with the gzip size of those
    chunks computed here."""
    stats_path = FRONTEND / ".next" / "diagnostics" / "route-bundle-stats.json"
    try:
        stats = json.loads(stats_path.read_text())
        build_id = (FRONTEND / ".next" / "BUILD_ID").read_text().strip()
    except (OSError, ValueError):
        return None
    for entry in stats:
        if entry.get("route") == route:
            chunks = entry.get("firstLoadChunkPaths") or []
            gzipped = 0
            missing = []
            for chunk in chunks:
                path = FRONTEND / chunk
                if path.is_file():
                    gzipped += len(gzip.compress(path.read_bytes(), compresslevel=6))
                else:
                    missing.append(chunk)
            return {
                "build_id": build_id,
                "uncompressed": entry.get("firstLoadUncompressedJsBytes"),
                "gzip": gzipped,
                "chunks": [Path(c).name for c in chunks],
                "missing": missing,
            }
    return None


# ---------------------------------------------------------------- report helpers
def kb(size: float | None) -> str:
    return "?" if size is None else f"{size / 1000:,.1f} kB"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


@dataclass
class Results:
    lighthouse: dict[tuple[str, str], tuple[dict[str, int], LighthouseRun, list[LighthouseRun]]] = field(
        default_factory=dict
    )
    throughput: dict[str, list[Run]] = field(default_factory=dict)
    first_load: list[dict[str, Any]] = field(default_factory=list)
    next_stats: dict[str, Any] | None = None


# ---------------------------------------------------------------- main
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="wrk round-robin rounds; medians reported (default 3)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk measurement (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16, see above)")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=1, help="Lighthouse runs per page and preset; medians (default 1)"
    )
    parser.add_argument("--slug", help="the title page to measure (default: the demo's Атака титанов)")
    parser.add_argument(
        "--attach",
        nargs="?",
        const=ATTACH_DEFAULT,
        metavar="URL",
        help=f"measure a running stack's gateway (default {ATTACH_DEFAULT}) instead of starting one",
    )
    parser.add_argument("--port", type=int, default=OWN_GATEWAY_PORT, help="gateway port of the stack started here")
    parser.add_argument("--allow-build", action="store_true", help="build the site even if another stack runs")
    parser.add_argument("--skip", action="append", default=[], choices=("lighthouse", "wrk", "js"), help="skip a part")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 9 or not 1 <= args.duration <= 60 or not 1 <= args.lighthouse_runs <= 5:
        parser.error("--rounds 1..9, --duration 1..60 and --lighthouse-runs 1..5 (the run stays bounded)")
    if not 1 <= args.connections <= 256:
        parser.error("--connections 1..256")
    missing = []
    if "wrk" not in args.skip and shutil.which("wrk") is None:
        missing.append("wrk is not installed: `apt-get install -y wrk` (Debian package), or --skip wrk")
    if shutil.which("node") is None:
        missing.append("node is not on PATH")
    if not LIGHTHOUSE.exists() or not (FRONTEND / "node_modules" / "playwright-core").is_dir():
        missing.append("frontend/node_modules lacks lighthouse or playwright-core: `cd frontend && npm ci`")
    if not Path(chrome_path()).exists():
        missing.append(f"no Chromium at {chrome_path()}: `apt-get install chromium` or set CHROME_PATH")
    if missing:
        parser.error("; ".join(missing))

    started = time.monotonic()

    def log(message: str) -> None:
        print(f"{elapsed(started)} {message}", flush=True)

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%SZ")
    out_dir = OUT_ROOT / stamp
    results = Results()
    stack: contextlib.AbstractContextManager[str] = (
        contextlib.nullcontext(args.attach.rstrip("/")) if args.attach else own_stack(args, log)
    )
    with stack as base:
        home = httpx.get(base + "/", headers=BROWSER_HEADERS, timeout=30)
        if home.status_code != 200:
            raise SystemExit(f"{base}/ answers {home.status_code}: is the site up?")
        slug, title = (args.slug, args.slug) if args.slug else pick_slug(base)
        title_path = f"/anime/{quote(slug)}"
        pages = {"home": "/", "catalog": "/catalog", "title": title_path, "baseline": BASELINE_PATH}
        for name, path in pages.items():
            response = httpx.get(base + path, headers=BROWSER_HEADERS, timeout=30)
            if response.status_code != 200:
                raise SystemExit(f"{base}{path} ({name}) answers {response.status_code}")
        title_html = httpx.get(base + title_path, headers=BROWSER_HEADERS, timeout=30).text
        build_id = served_build_id(title_html)
        out_dir.mkdir(parents=True, exist_ok=True)
        log(f"measuring {base}: title page {title_path} ({title}), build {build_id or '?'}; reports in {out_dir}")

        # 1. Lighthouse (first: nothing else loads the machine while it runs).
        if "lighthouse" not in args.skip:
            for name, path in pages.items():
                for preset in PRESETS:
                    runs = []
                    for index in range(args.lighthouse_runs):
                        suffix = f"-{index + 1}" if args.lighthouse_runs > 1 else ""
                        output = out_dir / f"{name}-{preset}{suffix}.json"
                        load = os.getloadavg()[0]
                        run_lighthouse(base + path, preset, output)
                        lighthouse_run = parse_report(name, preset, output)
                        lighthouse_run.load = load
                        runs.append(lighthouse_run)
                        line = " ".join(f"{CATEGORY_SHORT[c]} {lighthouse_run.scores[c]}" for c in CATEGORIES)
                        metrics = ", ".join(lighthouse_run.metrics.values())
                        cpu = lighthouse_run.benchmark_index
                        log(f"lighthouse {name:8s} {preset:7s} {line}  ({metrics}; CPU index {cpu})")
                    medians, representative = median_run(runs)
                    results.lighthouse[(name, preset)] = (medians, representative, runs)

        # 2. Throughput, round-robin.
        if "wrk" not in args.skip:
            targets = {"title": title_path, "catalog": "/catalog", "baseline": BASELINE_PATH}
            results.throughput = {name: [] for name in targets}
            for round_number in range(args.rounds):
                for name, path in targets.items():
                    wrk(base + path, seconds=WARMUP_SECONDS, connections=args.connections)
                    run = wrk(base + path, seconds=args.duration, connections=args.connections)
                    results.throughput[name].append(run)
                    errors = f"  {run.errors} errors" if run.errors else ""
                    log(f"round {round_number + 1} {name:8s} {run.rps:8.1f} rps  p99 {run.p99_ms:8.1f} ms{errors}")

        # 3. First-load JS of the title page.
        if "js" not in args.skip:
            results.first_load = first_load_requests(base + title_path)
            results.next_stats = next_route_stats("/anime/[slug]")
            log("first-load probe done")

    total_seconds = time.monotonic() - started
    summary = report(results, args, base, title_path, build_id, out_dir, total_seconds)
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"\nsummary: {out_dir / 'summary.json'}")
    return 0


def report(
    results: Results,
    args: argparse.Namespace,
    base: str,
    title_path: str,
    build_id: str | None,
    out_dir: Path,
    total_seconds: float,
) -> dict[str, Any]:
    goals: list[tuple[str, bool | None, str]] = []
    summary: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "base": base,
        "title_path": title_path,
        "build_id": build_id,
        "load_average": os.getloadavg(),
        "seconds": round(total_seconds),
    }
    print()
    print(f"## site benchmark: {base} (title page {title_path}, build {build_id or '?'})")

    # ------------------------------------------------ Lighthouse
    if results.lighthouse:
        runs_note = f"median of {args.lighthouse_runs} runs" if args.lighthouse_runs > 1 else "1 run"
        print(f"\n### Lighthouse 12 ({runs_note} per page and preset; goal >= {LIGHTHOUSE_GOAL} in each category)\n")
        print(
            "| page | preset | perf | a11y | best pr. | SEO | FCP | LCP | TBT | CLS | SI | scripts | CPU index | load |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        misses = []
        summary["lighthouse"] = {}
        for (name, preset), (scores, run, _runs) in results.lighthouse.items():
            cells = " | ".join(str(scores[c]) for c in CATEGORIES)
            metrics = " | ".join(run.metrics.get(m, "?") for m in ("FCP", "LCP", "TBT", "CLS", "SI"))
            label = f"{name} (reference)" if name == "baseline" else name
            machine = f"{run.benchmark_index or 0:.0f} | {run.load or 0:.1f}"
            print(f"| {label} | {preset} | {cells} | {metrics} | {kb(run.script_bytes)} | {machine} |")
            if name != "baseline":
                misses += [f"{name}/{preset} {CATEGORY_SHORT[c]} {scores[c]}" for c in CATEGORIES if scores[c] < 95]
            summary["lighthouse"][f"{name}/{preset}"] = {
                "scores": scores,
                "metrics": run.metrics,
                "script_bytes": run.script_bytes,
                "report": str(run.path),
                "failed": run.failed,
                "warnings": run.warnings,
                "benchmark_index": run.benchmark_index,
                "load": run.load,
            }
        goals.append(
            (
                f"Lighthouse >= {LIGHTHOUSE_GOAL} in every category, 3 pages x 2 presets",
                not misses,
                "misses: " + ", ".join(misses) if misses else "all at or above",
            )
        )
        print("\n### Audits scoring under 1 (weight = its share in the category score; 0 = not scored)\n")
        for (name, preset), (scores, run, _runs) in results.lighthouse.items():
            if not run.failed and not run.warnings:
                continue
            print(f"#### {name} {preset} ({run.path.name})")
            for warning in run.warnings:
                print(f"- run warning: {warning}")
            for audit in sorted(run.failed, key=lambda a: (CATEGORIES.index(a["category"]), -a["weight"])):
                score = "error" if audit["score"] is None else f"{audit['score']:.2f}"
                display = f" — {audit['display']}" if audit["display"] else ""
                print(
                    f"- [{audit['category']} {scores[audit['category']]}] `{audit['id']}` score {score}, "
                    f"weight {audit['weight']}: {audit['title']}{display}"
                )
                if audit["weight"] or audit["category"] != "performance":
                    for row in audit["details"]:
                        print(f"    - {row}")
            print()

    # ------------------------------------------------ throughput
    if results.throughput:
        med = {name: median(runs) for name, runs in results.throughput.items()}
        base_run = med["baseline"]
        print(
            f"\n### Throughput (wrk -t1 -c{args.connections} -d{args.duration}s, medians of {args.rounds} rounds, "
            "Accept-Encoding: gzip, Accept-Language: ru)\n"
        )
        print("| page | rps | p99 ms | errors | ÷ baseline (of medians) | per round |")
        print("|---|---|---|---|---|---|")
        summary["throughput"] = {"connections": args.connections, "duration": args.duration, "rounds": args.rounds}
        for name, measured in med.items():
            if name == "baseline":
                ratio_cell, rounds_cell = "1", ""
            else:
                ratio = measured.rps / base_run.rps if base_run.rps else float("nan")
                paired = [
                    p.rps / b.rps
                    for p, b in zip(results.throughput[name], results.throughput["baseline"], strict=True)
                    if b.rps
                ]
                ratio_cell = f"**{ratio:.3f}**"
                rounds_cell = ", ".join(f"{r:.3f}" for r in paired)
                path = title_path if name == "title" else "/catalog"
                goals.append(
                    (
                        f"{path} ÷ {BASELINE_PATH} rps >= {THROUGHPUT_GOAL:.2f}",
                        ratio >= THROUGHPUT_GOAL and measured.errors == 0,
                        f"{ratio:.3f} ({measured.rps:,.1f} ÷ {base_run.rps:,.1f} rps)"
                        + (f", {measured.errors} errors" if measured.errors else ""),
                    )
                )
                summary["throughput"][f"{name}_ratio"] = ratio
            label = f"{name} ({title_path})" if name == "title" else name
            figures = f"{measured.rps:,.1f} | {measured.p99_ms:,.1f} | {measured.errors}"
            print(f"| {label} | {figures} | {ratio_cell} | {rounds_cell} |")
            summary["throughput"][name] = dataclasses.asdict(measured) | {
                "rounds_rps": [r.rps for r in results.throughput[name]],
                "rounds_p99_ms": [r.p99_ms for r in results.throughput[name]],
            }

    # ------------------------------------------------ first-load JS
    if results.first_load:
        rows = results.first_load
        scripts = [r for r in rows if r["type"] == "script"]
        first = [r for r in scripts if r["phase"] == "first-load"]
        later = [r for r in scripts if r["phase"] != "first-load"]

        def wire(row: dict[str, Any]) -> int:
            return int((row["body"] or 0) + (row["headers"] or 0))

        total_wire = sum(wire(r) for r in first)
        total_body = sum(int(r["body"] or 0) for r in first)
        total_decoded = sum(int(r["decoded"] or 0) for r in first)
        print(f"\n### First-load JavaScript of {title_path} (Chromium, empty cache, through the gateway)\n")
        print("| script | encoding | on the wire (body + headers) | decoded |")
        print("|---|---|---|---|")
        for row in sorted(first, key=wire, reverse=True):
            name = row["url"].rsplit("/", 1)[-1]
            print(f"| {name} | {row['encoding'] or 'none'} | {wire(row):,} B | {int(row['decoded'] or 0):,} B |")
        print(
            f"| **{len(first)} scripts before `load`** | | **{total_wire:,} B = {kb(total_wire)}** "
            f"(bodies {kb(total_body)}) | {kb(total_decoded)} |"
        )
        if later:
            later_wire = sum(wire(r) for r in later)
            print(f"| {len(later)} more scripts after `load` (prefetch) | | {later_wire:,} B | |")
        document = next((r for r in rows if r["type"] == "document"), None)
        if document:
            print(
                f"\nThe HTML document itself: {wire(document):,} B on the wire ({document['encoding'] or 'identity'}), "
                f"{int(document['decoded'] or 0):,} B decoded."
            )
        goals.append(
            (
                f"first-load JS of the title page <= {JS_GOAL_BYTES / 1000:.0f} kB compressed",
                total_wire <= JS_GOAL_BYTES,
                f"{kb(total_wire)} ({total_wire / 1024:,.1f} KiB) in {len(first)} scripts",
            )
        )
        summary["first_load_js"] = {
            "scripts": len(first),
            "wire_bytes": total_wire,
            "body_bytes": total_body,
            "decoded_bytes": total_decoded,
            "after_load_scripts": len(later),
            "requests": rows,
        }
        stats = results.next_stats
        if stats:
            loaded = {r["url"].rsplit("/", 1)[-1] for r in first}
            listed = set(stats["chunks"])
            same_build = build_id is None or build_id == stats["build_id"]
            print(
                f"\nNext's own figure (`.next/diagnostics/route-bundle-stats.json`, route `/anime/[slug]`, build "
                f"{stats['build_id']}{'' if same_build else ' — NOT the build being served: figures may differ'}): "
                f"{len(stats['chunks'])} chunks, {stats['uncompressed']:,} B uncompressed, "
                f"{stats['gzip']:,} B = {kb(stats['gzip'])} gzip-6 (computed here)."
            )
            if loaded != listed:
                print(
                    f"Loaded but not listed by Next: {sorted(loaded - listed) or 'none'}; listed but not loaded: "
                    f"{sorted(listed - loaded) or 'none'}."
                )
            summary["first_load_js"]["next_route_bundle_stats"] = stats | {"same_build": same_build}
        for (name, preset), (_scores, run, _runs) in results.lighthouse.items():
            if name == "title":
                print(f"Lighthouse resource-summary, title page, {preset}: scripts {kb(run.script_bytes)}.")

    # ------------------------------------------------ goals
    print("\n### Goals\n")
    for goal, ok, detail in goals:
        print(f"- {goal}: **{verdict(bool(ok))}** — {detail}")
    summary["goals"] = [{"goal": g, "met": ok, "detail": d} for g, ok, d in goals]
    load = os.getloadavg()
    print(
        f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; run took {total_seconds:.0f} s; "
        f"Lighthouse reports in {out_dir}"
    )
    return summary


if __name__ == "__main__":
    sys.exit(main())
