"""Parser benchmark: a full import of a generated catalog against the fake providers, rate limits off.

    uv run python bench/parser_bench.py                # 5,000 titles
    uv run python bench/parser_bench.py --titles 500   # quicker

The fake providers run in a child process on 127.0.0.1 (``ani-parser fake-providers --catalog-size N``); the
write-api stand-in is the in-process recording backend. Reports titles/s, episodes/s, videos/s and HTTP
requests per title, and compares the parser's request rate with a baseline measured in the same run: bare
``/search`` requests at the same concurrency against the same server (what the providers alone can serve).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from harness import free_port

from ani_common.logging import configure_logging
from ani_parser.bootstrap import Overrides, bootstrap
from ani_parser.config import Settings
from ani_parser.fakes import RecordingBackend, create_recording_backend_app

TOKEN = "bench-kodik-token"
INTERNAL = "bench-internal-token"


def _start_fakes(titles: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ani_parser",
            "fake-providers",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--catalog-size",
            str(titles),
            "--kodik-token",
            TOKEN,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("fake providers did not start")


async def _baseline(url: str, ids: list[int], concurrency: int) -> float:
    """Requests/s of bare /search calls (no parsing, no mapping) at the parser's concurrency."""
    semaphore = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(timeout=30) as client:

        async def one(shikimori_id: int) -> None:
            async with semaphore:
                response = await client.get(
                    f"{url}/search",
                    params={
                        "token": TOKEN,
                        "shikimori_id": shikimori_id,
                        "with_episodes_data": "true",
                        "with_material_data": "true",
                        "limit": 100,
                    },
                )
                response.raise_for_status()
                response.json()

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in ids))
        return len(ids) / (time.perf_counter() - started)


async def _import(url: str, concurrency: int, state_dir: str) -> float:
    """Full import then an incremental re-run; prints the figures, returns the parser's requests/s."""
    backend = RecordingBackend(tokens=(INTERNAL,), insecure_hosts=("127.0.0.1",))
    settings = Settings(
        _env_file=None,
        kodik_base_url=url,
        shikimori_base_url=url,
        backend_base_url="http://write-api.bench",
        kodik_api_token=TOKEN,
        internal_token=INTERNAL,
        concurrency=concurrency,
        batch_size=50,
        max_retries=2,
        backoff_base_seconds=0.0,
        state_path=str(Path(state_dir) / "state.json"),
        log_level="WARNING",
    )
    overrides = Overrides(
        backend_transport=httpx.ASGITransport(app=create_recording_backend_app(backend)), disable_rate_limits=True
    )
    async with bootstrap(settings, overrides) as container:
        started = time.perf_counter()
        summary = await container.import_catalog(mode="full")
        elapsed = time.perf_counter() - started
        attempts = container.http_attempts
        again_started = time.perf_counter()
        rerun = await container.import_catalog(mode="incremental")
        rerun_elapsed = time.perf_counter() - again_started
    imported = summary.new + summary.changed + summary.unchanged
    episodes = sum(summary.episodes.values())
    videos = sum(summary.videos.values())
    requests = sum(attempts.values())
    print(f"titles imported     : {imported} (failed {summary.failed}, skipped {summary.skipped}) in {elapsed:.2f} s")
    print(f"titles/s            : {imported / elapsed:,.1f}")
    print(f"episodes/s          : {episodes / elapsed:,.1f}  ({episodes} episodes)")
    print(f"videos/s            : {videos / elapsed:,.1f}  ({videos} video sources)")
    print(f"HTTP requests/title : {requests / max(imported, 1):.3f}  ({attempts})")
    print(f"parser requests/s   : {requests / elapsed:,.1f}")
    print(
        f"incremental re-run  : {rerun.pages} page(s), new={rerun.new} changed={rerun.changed} in {rerun_elapsed:.2f} s"
    )
    return requests / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--titles", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--baseline-requests", type=int, default=1000)
    args = parser.parse_args()
    configure_logging("WARNING")
    proc, url = _start_fakes(args.titles)
    try:
        ids = [100_000 + i for i in range(min(args.baseline_requests, args.titles))]
        baseline = asyncio.run(_baseline(url, ids, args.concurrency))
        print(f"catalog             : {args.titles} generated titles, fake providers at {url}")
        print(f"baseline /search    : {baseline:,.1f} requests/s (bare client, concurrency {args.concurrency})")
        with tempfile.TemporaryDirectory() as state_dir:
            parser_rps = asyncio.run(_import(url, args.concurrency, state_dir))
        print(f"parser / baseline   : {parser_rps / baseline:.2f} of the providers' bare request rate")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
