"""Simulated viewers with accounting: the load of ``make soak`` and of the bounded fault tests (tests/faults).

Each viewer connects to the gateway from its own loopback address (127.x.y.z, so per-IP limits see distinct
clients), registers, signs in, browses the catalog (``/api/read/anime``, a title's detail), then until the deadline
saves progress on an episode (``PUT /api/v1/me/progress/{episode_id}``, position increasing), reads it back
(``/api/read/me/titles/{slug}``, now and then ``/api/read/me/continue``) and thinks a little. Every request is timed
per route; every answer is counted by status (transport errors by exception name).

Every acknowledged write (a 200 to the PUT) is remembered as (user, episode) -> the last acknowledged position.
:func:`verify` then checks that each one is in PostgreSQL (``user_progress``) and, once the projector has drained the
outbox, in the title read model in Redis (``user:<id>:title:rpc:<slug>``). A position at least the acknowledged one
counts as found: a later save whose answer was lost (a killed instance after its commit) may have landed too.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import random
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
import orjson
from redis.asyncio import Redis

__all__ = [
    "Accounting",
    "LoadParameters",
    "Verification",
    "format_report",
    "outbox_pending",
    "run_load",
    "verify",
]

PASSWORD = "soak viewer passphrase 7"
PROVIDER = "rpc"
DURATION_SECONDS = 1440.0


@dataclass(frozen=True)
class LoadParameters:
    viewers: int = 20
    duration: float = 60.0
    #: mean pause between a viewer's actions (seconds); each pause is uniform in [0, 2 * think]
    think: float = 0.5
    #: one in `continue_every` saves is followed by a ``/me/continue`` read as well
    continue_every: int = 5
    request_timeout: float = 10.0
    #: first loopback address octets of the viewers (127.<a>.<b>.<c>)
    address_block: int = 60
    seed: int = 15


@dataclass
class Ack:
    title_id: str
    position: float


@dataclass
class Accounting:
    parameters: LoadParameters
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: (user id, episode id) -> the last acknowledged save
    acked: dict[tuple[int, str], Ack] = field(default_factory=dict)
    writes_attempted: int = 0
    writes_acknowledged: int = 0
    viewers_started: int = 0
    #: a save read back (read-your-writes through the projector, not required: counted only)
    readbacks_fresh: int = 0
    readbacks_stale: int = 0
    started: float = 0.0
    elapsed: float = 0.0

    def record(self, route: str, status: str, seconds: float) -> None:
        self.latencies.setdefault(route, []).append(seconds)
        self.statuses[(route, status)] += 1

    def failures(self) -> int:
        return sum(n for (_route, status), n in self.statuses.items() if not _ok(status))

    def error_statuses(self) -> Counter[str]:
        errors: Counter[str] = Counter()
        for (_route, status), count in self.statuses.items():
            if not _ok(status):
                errors[status] += count
        return errors


def _ok(status: str) -> bool:
    return status.isdigit() and int(status) < 400


def _addresses(block: int) -> Iterator[str]:
    for b, c in itertools.product(range(1, 255), range(1, 255)):
        yield f"127.{block}.{b}.{c}"


def user_id_of(token: str) -> int:
    payload = token.split(".")[1]
    claims: dict[str, Any] = orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return int(claims["sub"])


class Viewer:
    def __init__(self, base_url: str, address: str, accounting: Accounting, rng: random.Random) -> None:
        self.accounting = accounting
        self.rng = rng
        self.client = httpx.AsyncClient(
            base_url=base_url,
            timeout=accounting.parameters.request_timeout,
            transport=httpx.AsyncHTTPTransport(local_address=address),
        )
        self.headers: dict[str, str] = {}
        self.user_id = 0
        self.positions: dict[str, float] = {}

    async def request(self, route: str, method: str, url: str, **kwargs: Any) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, headers=self.headers, **kwargs)
        except httpx.HTTPError as exc:
            self.accounting.record(route, type(exc).__name__, time.perf_counter() - started)
            return None
        self.accounting.record(route, str(response.status_code), time.perf_counter() - started)
        return response

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(0, 2 * self.accounting.parameters.think))

    async def sign_up(self, deadline: float) -> bool:
        email = f"soak-{uuid.uuid4().hex[:16]}@example.org"
        body = {"email": email, "password": PASSWORD}
        while time.monotonic() < deadline:
            registered = await self.request("POST /api/v1/auth/register", "POST", "/api/v1/auth/register", json=body)
            if registered is not None and registered.status_code == 201:
                break
            await asyncio.sleep(0.5)
        else:
            return False
        while time.monotonic() < deadline:
            login = await self.request("POST /api/v1/auth/login", "POST", "/api/v1/auth/login", json=body)
            if login is not None and login.status_code == 200:
                token = login.json()["access_token"]
                self.headers = {"Authorization": f"Bearer {token}"}
                self.user_id = user_id_of(token)
                return True
            await asyncio.sleep(0.5)
        return False

    async def browse(self, deadline: float) -> list[tuple[str, list[str]]]:
        """Titles with their episode ids (a few, from the first catalog page)."""
        while time.monotonic() < deadline:
            page = await self.request("GET /api/read/anime", "GET", "/api/read/anime", params={"limit": 20})
            if page is None or page.status_code != 200:
                await asyncio.sleep(0.5)
                continue
            payload = page.json()
            items = payload["items"] if isinstance(payload, dict) else payload
            slugs = [item["slug"] for item in items]
            self.rng.shuffle(slugs)
            titles: list[tuple[str, list[str]]] = []
            for slug in slugs[:3]:
                detail = await self.request("GET /api/read/anime/{slug}", "GET", f"/api/read/anime/{slug}")
                if detail is not None and detail.status_code == 200:
                    episodes = [str(episode["id"]) for episode in detail.json().get("episodes", [])]
                    if episodes:
                        titles.append((slug, episodes))
                await self.think()
            if titles:
                return titles
        return []

    async def watch(self, titles: list[tuple[str, list[str]]], deadline: float) -> None:
        accounting = self.accounting
        saves = 0
        slug, episodes = self.rng.choice(titles)
        episode = episodes[0]
        while time.monotonic() < deadline:
            if self.rng.random() < 0.15:  # mostly the same episode, as a player saves; now and then another one
                slug, episodes = self.rng.choice(titles)
                episode = self.rng.choice(episodes)
            # never past the end (a position beyond the duration is a 422): the last saves mark it watched
            position = min(DURATION_SECONDS, self.positions.get(episode, 0.0) + self.rng.uniform(5.0, 30.0))
            self.positions[episode] = position
            saved_position = round(position, 3)
            body = {"title_id": slug, "position_seconds": saved_position, "duration_seconds": DURATION_SECONDS}
            accounting.writes_attempted += 1
            saved = await self.request(
                "PUT /api/v1/me/progress/{episode_id}", "PUT", f"/api/v1/me/progress/{episode}", json=body
            )
            saves += 1
            if saved is not None and saved.status_code == 200:
                accounting.writes_acknowledged += 1
                accounting.acked[(self.user_id, episode)] = Ack(slug, saved_position)
                back = await self.request("GET /api/read/me/titles/{slug}", "GET", f"/api/read/me/titles/{slug}")
                if back is not None and back.status_code == 200:
                    seen = {entry["episode_id"]: entry["position_seconds"] for entry in back.json()["progress"]}
                    if seen.get(episode, -1.0) >= saved_position:
                        accounting.readbacks_fresh += 1
                    else:
                        accounting.readbacks_stale += 1
            if saves % accounting.parameters.continue_every == 0:
                await self.request("GET /api/read/me/continue", "GET", "/api/read/me/continue")
            await self.think()

    async def run(self, deadline: float) -> None:
        try:
            if not await self.sign_up(deadline):
                return
            self.accounting.viewers_started += 1
            titles = await self.browse(deadline)
            if titles:
                await self.watch(titles, deadline)
        finally:
            await self.client.aclose()


async def run_load(base_url: str, parameters: LoadParameters, accounting: Accounting | None = None) -> Accounting:
    """Run the viewers against `base_url` (the gateway) for ``parameters.duration`` seconds."""
    accounting = accounting or Accounting(parameters)
    addresses = _addresses(parameters.address_block)
    accounting.started = time.monotonic()
    deadline = accounting.started + parameters.duration
    viewers = [
        Viewer(base_url, next(addresses), accounting, random.Random(parameters.seed * 100_003 + index))
        for index in range(parameters.viewers)
    ]

    async def staggered(index: int, viewer: Viewer) -> None:
        await asyncio.sleep(min(2.0, parameters.duration / 10) * index / max(1, parameters.viewers))
        await viewer.run(deadline)

    await asyncio.gather(*(staggered(index, viewer) for index, viewer in enumerate(viewers)))
    accounting.elapsed = time.monotonic() - accounting.started
    return accounting


@dataclass
class Verification:
    acknowledged: int
    in_postgres: int
    in_redis: int
    #: (user, episode) -> acknowledged position, for what is missing (first few kept)
    missing_postgres: list[tuple[int, str, float]]
    missing_redis: list[tuple[int, str, float]]
    drain_seconds: float
    outbox_pending: int

    @property
    def lost(self) -> int:
        return self.acknowledged - min(self.in_postgres, self.in_redis)


async def outbox_pending(database_url: str) -> int:
    connection = await asyncpg.connect(_asyncpg_dsn(database_url))
    try:
        pending: int = await connection.fetchval("SELECT count(*) FROM outbox WHERE processed_at IS NULL")
        return pending
    finally:
        await connection.close()


def _asyncpg_dsn(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


async def _postgres_positions(database_url: str, users: list[int]) -> dict[tuple[int, str], float]:
    connection = await asyncpg.connect(_asyncpg_dsn(database_url))
    try:
        rows = await connection.fetch(
            "SELECT user_id, episode_id, position_seconds FROM user_progress WHERE provider = $1 AND user_id = ANY($2)",
            PROVIDER,
            users,
        )
    finally:
        await connection.close()
    return {(row["user_id"], row["episode_id"]): row["position_seconds"] for row in rows}


async def _redis_positions(redis: Redis, titles: set[tuple[int, str]]) -> dict[tuple[int, str], float]:
    ordered = sorted(titles)
    found: dict[tuple[int, str], float] = {}
    async with redis.pipeline(transaction=False) as pipe:
        for user, slug in ordered:
            pipe.hget(f"user:{user}:title:{PROVIDER}:{slug}", "json")
        bodies = await pipe.execute()
    for (user, _slug), body in zip(ordered, bodies, strict=True):
        if body is None:
            continue
        for entry in orjson.loads(body).get("progress", []):
            found[(user, entry["episode_id"])] = float(entry["position_seconds"])
    return found


def _found(acked: dict[tuple[int, str], Ack], positions: dict[tuple[int, str], float]) -> list[tuple[int, str, float]]:
    """The acknowledged saves missing from `positions` (absent, or an older position)."""
    return [
        (user, episode, ack.position)
        for (user, episode), ack in sorted(acked.items())
        if positions.get((user, episode), -1.0) < ack.position - 1e-6
    ]


async def verify(
    accounting: Accounting, database_url: str, redis_url: str, *, drain_timeout: float = 60.0
) -> Verification:
    """Every acknowledged save in PostgreSQL now, and in Redis once the projector drained (bounded wait)."""
    acked = accounting.acked
    users = sorted({user for user, _episode in acked})
    missing_pg = _found(acked, await _postgres_positions(database_url, users))
    titles = {(user, ack.title_id) for (user, _episode), ack in acked.items()}
    redis = Redis.from_url(redis_url)
    started = time.monotonic()
    try:
        while True:
            pending = await outbox_pending(database_url)
            missing_redis = _found(acked, await _redis_positions(redis, titles))
            if (not missing_redis and pending == 0) or time.monotonic() - started > drain_timeout:
                break
            await asyncio.sleep(0.25)
    finally:
        await redis.aclose()
    return Verification(
        acknowledged=len(acked),
        in_postgres=len(acked) - len(missing_pg),
        in_redis=len(acked) - len(missing_redis),
        missing_postgres=missing_pg[:10],
        missing_redis=missing_redis[:10],
        drain_seconds=time.monotonic() - started,
        outbox_pending=pending,
    )


def _percentile(values: list[float], fraction: float) -> float:
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[round(fraction * 100) - 1]


def format_report(accounting: Accounting, verification: Verification, settings: dict[str, str]) -> str:
    p = accounting.parameters
    lines = [
        "== soak report",
        f"parameters: {p.viewers} viewers, {p.duration:g} s, think {p.think:g} s mean, request timeout "
        f"{p.request_timeout:g} s, seed {p.seed}; ran {accounting.elapsed:.1f} s, {accounting.viewers_started} "
        "viewers signed in",
    ]
    lines += [f"stack: {name} = {value}" for name, value in settings.items()]
    requests = sum(accounting.statuses.values())
    lines.append(f"requests: {requests} ({requests / max(accounting.elapsed, 1e-9):.0f}/s)")
    lines.append(
        f"progress saves: {accounting.writes_attempted} attempted, {accounting.writes_acknowledged} acknowledged "
        f"({len(accounting.acked)} distinct user/episode rows, last acknowledged position checked)"
    )
    lines.append(
        f"acknowledged rows found: PostgreSQL {verification.in_postgres}/{verification.acknowledged}, Redis "
        f"{verification.in_redis}/{verification.acknowledged} (drained in {verification.drain_seconds:.1f} s, outbox "
        f"pending {verification.outbox_pending})"
    )
    lines.append(f"LOST acknowledged writes: {verification.lost} (goal 0)")
    if verification.missing_postgres:
        lines.append(f"  missing in PostgreSQL (first): {verification.missing_postgres}")
    if verification.missing_redis:
        lines.append(f"  missing in Redis (first): {verification.missing_redis}")
    lines.append(
        f"read-your-write right after the save: {accounting.readbacks_fresh} fresh, {accounting.readbacks_stale} "
        "not yet projected (informative)"
    )
    errors = accounting.error_statuses()
    lines.append("errors by status: " + (", ".join(f"{status}: {n}" for status, n in sorted(errors.items())) or "none"))
    lines.append(f"{'route':<40} {'count':>7} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for route in sorted(accounting.latencies):
        values = sorted(accounting.latencies[route])
        failed = sum(n for (r, status), n in accounting.statuses.items() if r == route and not _ok(status))
        lines.append(
            f"{route:<40} {len(values):>7} {failed:>7} {_percentile(values, 0.50) * 1e3:>8.1f} "
            f"{_percentile(values, 0.99) * 1e3:>8.1f} {values[-1] * 1e3:>8.1f}"
        )
    return "\n".join(lines)
