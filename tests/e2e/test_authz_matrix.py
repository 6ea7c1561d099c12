"""The authorization matrix (issue 15): every route of every service x every principal, through the real gateway.

The table is ``tests/e2e/authz_table.py``: ``ROUTES`` must list exactly the operations of the committed
``services/*/openapi.json`` (a route missing from the table fails), and ``expected()`` gives the one status of each
cell. One request per cell, from its own client address (per-IP rate limits never mix cells); every allowed request
is valid and minimal, so a 2xx is possible wherever one is allowed. Destructive cells get throwaway resources or
throwaway principals (``Route.fresh`` / ``Route.consumes``). Within a route the cells that must be refused run
first, so viewer B always meets viewer A's resource still in place.

``test_viewer_b_cannot_read_or_change_viewer_a_data`` checks isolation on the data itself: after viewer B has called
every ``/me`` route with A's ids, A's library, progress, history and sessions are unchanged (write-api, read-api, auth).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
import pytest_asyncio
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from ani_common.tokens import ACCESS_TOKEN_TYPE, ADMIN_AUDIENCE, ALGORITHM, DEFAULT_ISSUER, USER_AUDIENCE
from scripts.devstack.stack import Stack
from tests.e2e.authz_table import PRINCIPALS, ROUTES, Realm, Route, expected, is_allowed
from tests.e2e.conftest import gateway_client
from tests.e2e.helpers import cookie_attributes, eventually, unique_email
from tests.e2e.secrets_hygiene import SECRETS, event_hooks

REPO = Path(__file__).resolve().parents[2]
SERVICES = {"auth": "auth", "write-api": "write-api", "read-api": "read-api"}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
#: Concurrent refused cells of one route (they write nothing when the services are right); a 2-core machine.
CONCURRENCY = 4


def openapi_operations() -> set[tuple[str, str, str]]:
    operations = set()
    for service, folder in SERVICES.items():
        document = json.loads((REPO / "services" / folder / "openapi.json").read_text())
        for path, item in document["paths"].items():
            operations |= {(service, method.upper(), path) for method in item if method in HTTP_METHODS}
    return operations


def test_the_table_lists_every_route_of_every_service() -> None:
    table = [route.key for route in ROUTES]
    duplicates = sorted(key for key, count in Counter(table).items() if count > 1)
    operations = openapi_operations()
    missing = sorted(operations - set(table))
    unknown = sorted(set(table) - operations)
    assert not duplicates, f"listed twice in tests/e2e/authz_table.py: {duplicates}"
    assert not missing, f"routes of services/*/openapi.json missing from tests/e2e/authz_table.py: {missing}"
    assert not unknown, f"routes in tests/e2e/authz_table.py that no openapi.json has: {unknown}"
    for route in ROUTES:
        for principal in PRINCIPALS:
            expected(route, principal)  # every cell has an answer


# ---------------------------------------------------------------------------------------------------- principals
@dataclass
class Principal:
    name: str
    #: ``Authorization`` on viewer (and public/cookie/internal) routes, and on admin routes
    viewer_bearer: str | None = None
    admin_bearer: str | None = None
    cookie: str | None = None
    internal_token: str | None = None
    email: str | None = None
    password: str | None = None

    def headers(self, route: Route) -> dict[str, str]:
        headers: dict[str, str] = {}
        bearer = self.admin_bearer if route.realm is Realm.ADMIN else self.viewer_bearer
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.internal_token:
            headers["X-Internal-Token"] = self.internal_token
        return headers


@dataclass
class Login:
    email: str
    password: str
    access_token: str
    refresh_token: str
    id: int = 0


def new_password() -> str:
    return f"authz matrix {uuid.uuid4().hex[:16]}"


@dataclass
class World:
    stack: Stack
    principals: dict[str, Principal] = field(default_factory=dict)
    viewer_a: Login | None = None
    admin: Login | None = None
    slug: str = ""
    title: dict[str, Any] = field(default_factory=dict)
    other_anime_id: str = ""
    target_admin_id: int = 0
    job_id: str = ""
    counter: int = 0
    route_resources: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    def next(self) -> int:
        self.counter += 1
        return self.counter

    # ------------------------------------------------------------------ accounts
    async def register_viewer(self) -> Login:
        email, password = unique_email(), new_password()
        SECRETS.add(password, "viewer password (authz matrix)")
        async with gateway_client(self.stack) as client:
            response = await client.post("/api/v1/auth/register", json={"email": email, "password": password})
            assert response.status_code == 201, response.status_code
            refresh, _ = cookie_attributes(response, "refresh_token")
            access = response.json()["access_token"]
            me = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {access}"})
            assert me.status_code == 200, me.status_code
        return Login(email, password, access, refresh, me.json()["id"])

    async def login_admin(self, email: str, password: str) -> Login:
        async with gateway_client(self.stack) as client:
            response = await client.post("/api/v1/admin/login", json={"email": email, "password": password})
            assert response.status_code == 200, response.status_code
            refresh, _ = cookie_attributes(response, "admin_refresh_token")
            access = response.json()["access_token"]
            me = await client.get("/api/v1/admin/me", headers={"Authorization": f"Bearer {access}"})
            assert me.status_code == 200, me.status_code
        return Login(email, password, access, refresh, me.json()["id"])

    async def new_admin(self) -> Login:
        tag = uuid.uuid4().hex[:10]
        email, password = f"authz-{tag}@example.org", new_password()
        SECRETS.add(password, "admin password (authz matrix)")
        created = await asyncio.to_thread(self.stack.create_admin, email, password, f"authz-{tag}")
        assert created
        return await self.login_admin(email, password)

    def disable_user(self, email: str) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "ani_auth.cli", "disable-user", email],
            env={**os.environ, **self.stack.auth_env()},
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == 0, SECRETS.redact(result.stderr[-2000:])

    def admin_headers(self) -> dict[str, str]:
        assert self.admin is not None
        return {"Authorization": f"Bearer {self.admin.access_token}"}

    # ------------------------------------------------------------------ catalog resources
    async def import_title(self, episodes: int = 2) -> dict[str, Any]:
        tag = uuid.uuid4().hex[:10]
        title = {
            "source_id": f"authz-{tag}",
            "title": f"Authz Matrix {tag}",
            "year": 2020,
            "status": "ongoing",
            "episodes": [
                {
                    "source_episode_id": f"authz-{tag}-{n}",
                    "number": n,
                    "videos": [{"type": "iframe", "url": f"https://cdn.example/authz/{tag}/{n}", "source_name": "e2e"}],
                }
                for n in range(1, episodes + 1)
            ],
        }
        async with direct_client(self.stack) as internal:
            response = await internal.post(
                "/api/v1/internal/import/titles",
                json={"source_name": "authz", "titles": [title]},
                headers={"X-Internal-Token": self.stack.internal_token},
            )
        assert response.status_code == 200, response.status_code
        slug = response.json()["results"][0]["slug"]
        async with gateway_client(self.stack) as client:
            detail = (await client.get(f"/api/v1/anime/{slug}")).json()
            listed = (await client.get(f"/api/v1/anime/{slug}/episodes")).json()
        return {
            "slug": slug,
            "source_id": title["source_id"],
            "anime_id": detail["id"],
            "episode_ids": [episode["id"] for episode in listed],
            "source_episode_ids": [f"authz-{tag}-{n}" for n in range(1, episodes + 1)],
            "video_ids": [source["id"] for episode in listed for source in episode["video_sources"]],
        }

    # ------------------------------------------------------------------ viewer A's resources
    async def a_session_id(self) -> str:
        """A second session of viewer A (logging in again): its id."""
        assert self.viewer_a is not None
        login = self.viewer_a
        async with gateway_client(self.stack) as client:
            response = await client.post("/api/v1/auth/login", json={"email": login.email, "password": login.password})
            assert response.status_code == 200, response.status_code
            refresh, _ = cookie_attributes(response, "refresh_token")
            sessions = await client.get(
                "/api/v1/auth/sessions",
                headers={"Authorization": f"Bearer {login.access_token}", "Cookie": f"refresh_token={refresh}"},
            )
        [current] = [session for session in sessions.json() if session["current"]]
        return str(current["id"])

    async def a_library_title(self) -> str:
        assert self.viewer_a is not None
        # Not the title every viewer puts in their library in the matrix (``self.slug``): only A has this one.
        owned = str(self.title["slug"])
        async with gateway_client(self.stack) as client:
            response = await client.put(
                f"/api/v1/me/library/{owned}",
                json={"status": "watching"},
                headers={"Authorization": f"Bearer {self.viewer_a.access_token}"},
            )
        assert response.status_code == 200, response.status_code
        return owned

    async def a_history_id(self) -> int:
        assert self.viewer_a is not None
        headers = {"Authorization": f"Bearer {self.viewer_a.access_token}"}
        episode_id = f"{self.slug}-authz-{self.next()}"
        async with gateway_client(self.stack) as client:
            saved = await client.put(
                f"/api/v1/me/progress/{episode_id}",
                json={"title_id": self.slug, "position_seconds": 30, "duration_seconds": 1400},
                headers=headers,
            )
            assert saved.status_code == 200, saved.status_code
            history = (await client.get("/api/v1/me/history", headers=headers)).json()
        [entry] = [item for item in history if item["episode_id"] == episode_id]
        return int(entry["id"])


def direct_client(stack: Stack) -> httpx.AsyncClient:
    """write-api itself (the internal import API is not routed by the gateway), with the hygiene hooks."""
    return httpx.AsyncClient(base_url=stack.write_api_url, timeout=30, event_hooks=event_hooks())


def mint(
    key: Ed25519PrivateKey, kid: str, *, subject: int, admin: bool, expires_in: int, email: str | None = None
) -> str:
    now = time.time()
    claims: dict[str, Any] = {
        "iss": DEFAULT_ISSUER,
        "aud": ADMIN_AUDIENCE if admin else USER_AUDIENCE,
        "sub": str(subject),
        "iat": round(now - 900 if expires_in < 0 else now, 3),
        "exp": int(now) + expires_in,
        "jti": uuid.uuid4().hex,
        "type": ACCESS_TOKEN_TYPE,
    }
    if admin:
        claims["admin"] = True
        if email is not None:
            claims["email"] = email
    token = jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid})
    SECRETS.add(token, "access token minted by the authz matrix")
    return token


def auth_signing_key(stack: Stack) -> Ed25519PrivateKey:
    """auth's own dev signing key of this stack (``AUTH_DATA_DIR``): expired tokens signed exactly as auth signs."""
    path = stack.options.data_dir / "auth" / "jwt-signing-key.pem"
    key = load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


@pytest_asyncio.fixture(scope="module")
async def world(stack: Stack) -> AsyncIterator[World]:
    world = World(stack)
    a, b, c, d = await asyncio.gather(*(world.register_viewer() for _ in range(4)))
    world.viewer_a = a
    admin = world.admin = await world.new_admin()
    disabled_admin = await world.new_admin()
    target = await world.new_admin()
    world.target_admin_id = target.id

    await asyncio.to_thread(world.disable_user, d.email)
    async with gateway_client(stack) as client:
        disabled = await client.patch(
            f"/api/v1/admin/admins/{disabled_admin.id}", json={"is_active": False}, headers=world.admin_headers()
        )
        assert disabled.status_code == 200, disabled.status_code
        await eventually(
            lambda: client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {d.access_token}"}),
            lambda response: response.status_code == 401,
            what="the disabled viewer refused",
        )
        await eventually(
            lambda: client.get("/api/v1/admin/me", headers={"Authorization": f"Bearer {disabled_admin.access_token}"}),
            lambda response: response.status_code == 401,
            what="the disabled admin refused",
        )
        jwks = (await client.get("/.well-known/jwks.json")).json()
        catalog = await client.get("/api/v1/anime", params={"limit": 1})
        world.slug = catalog.json()[0]["slug"]
    await asyncio.sleep(2.5)  # write-api and read-api poll the revocation list every second (both instances)

    kid = jwks["keys"][0]["kid"]
    real_key = auth_signing_key(stack)
    stranger = Ed25519PrivateKey.generate()

    def viewer(name: str, login: Login) -> Principal:
        cookie = f"refresh_token={login.refresh_token}"
        return Principal(
            name, login.access_token, login.access_token, cookie, email=login.email, password=login.password
        )

    def as_admin(name: str, login: Login) -> Principal:
        cookie = f"admin_refresh_token={login.refresh_token}"
        return Principal(
            name, login.access_token, login.access_token, cookie, email=login.email, password=login.password
        )

    world.principals = {
        "anonymous": Principal("anonymous"),
        "viewer_a": viewer("viewer_a", a),
        "viewer_b": viewer("viewer_b", b),
        "disabled_viewer": viewer("disabled_viewer", d),
        "admin": as_admin("admin", admin),
        "disabled_admin": as_admin("disabled_admin", disabled_admin),
        "admin_as_viewer": Principal(
            "admin_as_viewer",
            admin.access_token,
            admin.access_token,
            f"refresh_token={admin.refresh_token}",
            email=admin.email,
            password=admin.password,
        ),
        "viewer_as_admin": Principal(
            "viewer_as_admin",
            c.access_token,
            c.access_token,
            f"admin_refresh_token={c.refresh_token}",
            email=c.email,
            password=c.password,
        ),
        "internal": Principal("internal", internal_token=stack.internal_token),
        "wrong_internal": Principal("wrong_internal", internal_token=f"wrong-{uuid.uuid4().hex}"),
        "expired": Principal(
            "expired",
            mint(real_key, kid, subject=a.id, admin=False, expires_in=-60),
            mint(real_key, kid, subject=admin.id, admin=True, expires_in=-60, email=admin.email),
        ),
        "unknown_key": Principal(
            "unknown_key",
            mint(stranger, kid, subject=a.id, admin=False, expires_in=600),
            mint(stranger, kid, subject=admin.id, admin=True, expires_in=600, email=admin.email),
        ),
    }
    assert set(world.principals) == set(PRINCIPALS)
    world.title = await world.import_title()
    world.other_anime_id = (await world.import_title(episodes=1))["anime_id"]
    async with gateway_client(stack) as client:
        job = await client.post(
            "/api/v1/admin/read-models/rebuild",
            json={"scope": "anime", "target": world.title["slug"]},
            headers=world.admin_headers(),
        )
    assert job.status_code == 202, job.status_code
    world.job_id = job.json()["job_id"]
    yield world


# ---------------------------------------------------------------------------------------------------- requests
@dataclass
class Call:
    path: str
    json: Any = None
    params: dict[str, Any] | None = None


async def fresh_principal(world: World, principal: Principal) -> Principal:
    """A throwaway principal of the same kind, for a cell that ends the caller's session or tokens."""
    if principal.name in {"viewer_a", "viewer_b", "viewer_as_admin"}:
        login = await world.register_viewer()
        slot = "admin_refresh_token" if principal.name == "viewer_as_admin" else "refresh_token"
    elif principal.name in {"admin", "admin_as_viewer"}:
        login = await world.new_admin()
        slot = "refresh_token" if principal.name == "admin_as_viewer" else "admin_refresh_token"
    else:
        return principal
    return Principal(
        principal.name,
        login.access_token,
        login.access_token,
        f"{slot}={login.refresh_token}",
        email=login.email,
        password=login.password,
    )


async def route_resource(world: World, route: Route, allowed: bool) -> dict[str, Any]:
    """The resources the route's path names: shared by the refused cells, fresh for each allowed cell of a
    ``fresh`` route."""
    if route.fresh and allowed:
        return await make_resource(world, route)
    if route.key not in world.route_resources:
        world.route_resources[route.key] = await make_resource(world, route)
    return world.route_resources[route.key]


async def make_resource(world: World, route: Route) -> dict[str, Any]:
    path = route.path
    if route.fresh:
        return await world.import_title()
    if "{session_id}" in path:
        return {"session_id": await world.a_session_id()}
    if "{history_id}" in path:
        return {"history_id": await world.a_history_id()}
    if route.owner and "{title_id}" in path:
        return {"title_id": await world.a_library_title()}
    return {}


async def build_call(world: World, route: Route, principal: Principal, allowed: bool) -> Call:
    resource = await route_resource(world, route, allowed)
    title = world.title
    n = world.next()
    values: dict[str, Any] = {
        "slug": world.slug,
        "title_id": resource.get("title_id", world.slug),
        "episode_id": f"{world.slug}-authz-{n}",
        "anime_id": resource.get("anime_id", title["anime_id"]),
        "video_id": (resource.get("video_ids") or title["video_ids"])[0],
        "job_id": world.job_id,
        "admin_id": world.target_admin_id,
        **{k: v for k, v in resource.items() if k in {"session_id", "history_id"}},
    }
    if route.service == "write-api" and route.path.startswith("/api/v1/admin/episodes/{episode_id}"):
        values["episode_id"] = (resource.get("episode_ids") or title["episode_ids"])[0]
    path = route.path.format(**values)
    key = (route.method, route.path)
    tag = uuid.uuid4().hex[:10]
    bodies: dict[tuple[str, str], Any] = {
        ("POST", "/api/v1/auth/register"): {"email": unique_email(), "password": new_password()},
        ("POST", "/api/v1/auth/login"): {
            "email": world.principals["viewer_b"].email,
            "password": world.principals["viewer_b"].password,
        },
        ("POST", "/api/v1/auth/password"): {
            "current_password": principal.password or "not the password",
            "new_password": new_password(),
        },
        ("POST", "/api/v1/admin/login"): {
            "email": world.principals["admin"].email,
            "password": world.principals["admin"].password,
        },
        ("PUT", "/api/v1/admin/me/password"): {
            "current_password": principal.password or "not the password",
            "new_password": new_password(),
        },
        ("PATCH", "/api/v1/admin/admins/{admin_id}"): {"is_active": False},
        ("POST", "/api/v1/internal/import/titles"): {
            "source_name": "authz",
            "titles": [{"source_id": f"authz-t-{tag}", "title": f"Authz Title {tag}", "year": 2021}],
        },
        ("POST", "/api/v1/internal/import/anime"): {
            "source_name": "authz",
            "source_id": title["source_id"],
            "title": f"Authz Legacy {tag}",
        },
        ("POST", "/api/v1/internal/import/episodes"): {
            "source_name": "authz",
            "anime_source_id": title["source_id"],
            "episodes": [{"source_episode_id": title["source_episode_ids"][0], "number": 1}],
        },
        ("POST", "/api/v1/internal/import/video"): {
            "source_name": "authz",
            "source_episode_id": title["source_episode_ids"][0],
            "anime_source_id": title["source_id"],
            "player": {"type": "iframe", "url": f"https://cdn.example/authz/legacy/{tag}", "source_name": "e2e"},
        },
        ("PUT", "/api/v1/me/library/{title_id}"): {"status": "watching", "is_favorite": True},
        ("PUT", "/api/v1/me/progress/{episode_id}"): {
            "title_id": world.slug,
            "position_seconds": 42,
            "duration_seconds": 1400,
        },
        ("POST", "/api/v1/me/import-legacy"): {
            "progress": [
                {
                    "animeId": world.slug,
                    "episodeNumber": 1,
                    "currentTime": 10,
                    "duration": 1400,
                    "updatedAt": int(time.time() * 1000),
                }
            ],
            "savedSeries": [],
        },
        ("POST", "/api/v1/admin/anime"): {"title": f"Authz Created {tag}"},
        ("PATCH", "/api/v1/admin/anime/{anime_id}"): {"year": 2019},
        ("POST", "/api/v1/admin/episodes"): {
            "anime_id": title["anime_id"],
            "number": 100 + n,
            "source_episode_id": f"authz-admin-{tag}",
        },
        ("PATCH", "/api/v1/admin/episodes/{episode_id}"): {"title": f"Authz Episode {tag}"},
        ("POST", "/api/v1/admin/episodes/{episode_id}/attach"): {"anime_id": world.other_anime_id},
        ("POST", "/api/v1/admin/episodes/{episode_id}/detach"): {"reason": "authz matrix"},
        ("POST", "/api/v1/admin/video"): {
            "episode_id": title["episode_ids"][0],
            "type": "iframe",
            "url": f"https://cdn.example/authz/admin/{tag}",
            "source_name": "admin",
        },
        ("PATCH", "/api/v1/admin/video/{video_id}"): {"priority": 5},
        ("POST", "/api/v1/admin/video/{video_id}/state"): {"is_active": True},
        ("POST", "/api/v1/admin/read-models/rebuild"): {"scope": "anime", "target": title["slug"]},
    }
    return Call(path, json=bodies.get(key))


@dataclass
class Cell:
    route: Route
    principal: str
    via: str
    expected: int
    got: int = 0
    body: str = ""

    @property
    def label(self) -> str:
        where = " (write-api directly)" if self.via == "direct" else ""
        return f"{self.route.method} {self.route.path} [{self.route.service}]{where} as {self.principal}"


async def run_cell(world: World, cell: Cell) -> None:
    route = cell.route
    principal = world.principals[cell.principal]
    allowed = is_allowed(cell.expected)
    if route.consumes and allowed:
        principal = await fresh_principal(world, principal)
    call = await build_call(world, route, principal, allowed)
    client = direct_client(world.stack) if cell.via == "direct" else gateway_client(world.stack)
    async with client:
        response = await client.request(
            route.method, call.path, json=call.json, params=call.params, headers=principal.headers(route)
        )
    cell.got = response.status_code
    if cell.got != cell.expected:
        cell.body = SECRETS.redact(response.text[:300])


def cells_of(route: Route) -> list[Cell]:
    vias = ("gateway", "direct") if route.realm is Realm.INTERNAL else ("gateway",)
    cells = [Cell(route, p, via, expected(route, p, via)) for via in vias for p in PRINCIPALS]
    return sorted(cells, key=lambda cell: is_allowed(cell.expected))  # refused cells first (stable)


async def test_authorization_matrix(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    cells: list[Cell] = []
    limit = asyncio.Semaphore(CONCURRENCY)

    async def bounded(cell: Cell) -> None:
        async with limit:
            await run_cell(world, cell)

    for route in ROUTES:
        route_cells = cells_of(route)
        refused = [cell for cell in route_cells if not is_allowed(cell.expected)]
        await asyncio.gather(*(bounded(cell) for cell in refused))
        for cell in route_cells[len(refused) :]:
            await run_cell(world, cell)
        cells += route_cells

    wrong = [cell for cell in cells if cell.got != cell.expected]
    unexpected_2xx = [cell for cell in wrong if is_allowed(cell.got) and not is_allowed(cell.expected)]
    statuses = Counter(cell.got for cell in cells)
    allowed = sum(is_allowed(cell.expected) for cell in cells)
    summary = (
        f"authz matrix: {len(ROUTES)} routes x {len(PRINCIPALS)} principals = {len(cells)} cells run "
        f"in {time.monotonic() - started:.1f}s; statuses {dict(sorted(statuses.items()))}; "
        f"allowed {allowed}, refused {len(cells) - allowed}; "
        f"unexpected 2xx = {len(unexpected_2xx)}; other mismatches = {len(wrong) - len(unexpected_2xx)}"
    )
    with capsys.disabled():
        print(f"\n{summary}")
        for cell in wrong:
            print(f"  MISMATCH {cell.label}: got {cell.got}, expected {cell.expected}: {cell.body}")
    assert not unexpected_2xx, "\n".join(f"{c.label}: got {c.got}, expected {c.expected}" for c in unexpected_2xx)
    assert not wrong, "\n".join(f"{c.label}: got {c.got}, expected {c.expected}: {c.body}" for c in wrong)


# ---------------------------------------------------------------------------------------------------- isolation
async def snapshot(stack: Stack, login: Login) -> dict[str, Any]:
    """Everything of a viewer: write-api's library, progress and history, auth's sessions, read-api's models."""
    headers = {"Authorization": f"Bearer {login.access_token}"}
    async with gateway_client(stack) as client:
        state: dict[str, Any] = {}
        for path in ("/api/v1/me/library", "/api/v1/me/progress", "/api/v1/me/history", "/api/v1/auth/sessions"):
            response = await client.get(path, headers=headers)
            assert response.status_code == 200, (path, response.status_code)
            state[path] = response.json()
        for path in ("/api/read/me/library", "/api/read/me/progress"):
            response = await client.get(path, headers=headers)
            state[path] = (response.status_code, response.json())
    for session in state["/api/v1/auth/sessions"]:
        session.pop("last_used_at", None)
    return state


async def test_viewer_b_cannot_read_or_change_viewer_a_data(world: World) -> None:
    stack = world.stack
    a, b = await asyncio.gather(world.register_viewer(), world.register_viewer())
    a_headers = {"Authorization": f"Bearer {a.access_token}"}
    b_headers = {"Authorization": f"Bearer {b.access_token}"}
    title = (await world.import_title(episodes=1))["slug"]
    episode = f"{title}-isolation"
    async with gateway_client(stack) as client:
        assert (
            await client.put(f"/api/v1/me/library/{title}", json={"status": "watching"}, headers=a_headers)
        ).is_success
        saved = await client.put(
            f"/api/v1/me/progress/{episode}",
            json={"title_id": title, "position_seconds": 120, "duration_seconds": 1400},
            headers=a_headers,
        )
        assert saved.is_success
        [a_history] = (await client.get("/api/v1/me/history", headers=a_headers)).json()
    await eventually(
        lambda: snapshot(stack, a),
        lambda state: state["/api/read/me/library"][0] == 200 and len(state["/api/read/me/progress"][1]) > 0,
        timeout=10,
        what="A's data projected to the read models",
    )
    before = await snapshot(stack, a)
    [a_session] = before["/api/v1/auth/sessions"]

    async with gateway_client(stack) as client:
        # B reads: nothing of A's
        for path in (
            "/api/v1/me/library",
            "/api/v1/me/progress",
            "/api/v1/me/history",
            "/api/v1/auth/sessions",
            "/api/read/me/library",
            "/api/read/me/progress",
            "/api/read/me/continue",
            "/api/read/me/history/last",
            f"/api/read/me/titles/{title}",
        ):
            response = await client.get(path, headers=b_headers)
            assert response.status_code in (200, 404), (path, response.status_code)
            text = response.text
            assert str(a_session["id"]) not in text, path
            assert episode not in text, path
            assert f'"user_id":{a.id}' not in text.replace(" ", ""), path
        # B deletes A's things by id: 404, nothing removed
        for path in (
            f"/api/v1/me/library/{title}",
            f"/api/v1/me/history/{a_history['id']}",
            f"/api/v1/auth/sessions/{a_session['id']}",
        ):
            response = await client.delete(path, headers=b_headers)
            assert response.status_code == 404, (path, response.status_code)
        # B writes the same ids: B's own rows only
        assert (
            await client.put(f"/api/v1/me/library/{title}", json={"status": "dropped"}, headers=b_headers)
        ).is_success
        written = await client.put(
            f"/api/v1/me/progress/{episode}",
            json={"title_id": title, "position_seconds": 5, "duration_seconds": 1400},
            headers=b_headers,
        )
        assert written.is_success
        assert written.json()["user_id"] == b.id
        assert (await client.delete("/api/v1/me/history", headers=b_headers)).is_success
        assert (await client.delete(f"/api/v1/me/library/{title}", headers=b_headers)).is_success
    await asyncio.sleep(1.5)  # let the projector apply B's writes (they must not touch A's read models)
    after = await snapshot(stack, a)
    assert after == before
