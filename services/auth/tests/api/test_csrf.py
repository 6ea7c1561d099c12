"""CSRF on the cookie routes (hole 9 of issue 15): refresh and logout check Origin, else Referer, against
``ALLOWED_ORIGINS``; requests with neither header (no browser page behind them) are let through. The user refresh
cookie is scoped to ``/api/v1/auth``."""

from __future__ import annotations

import httpx
import pytest

from ani_auth.api.csrf import normalize_origin
from tests.helpers import PASSWORD, AdminFactory, UserFactory, cookie_value, error, login, set_cookies

SITE = "http://localhost:3000"  # the default ALLOWED_ORIGINS of the test settings
COOKIE_ROUTES = [
    ("/api/v1/auth/refresh", "refresh_token"),
    ("/api/v1/auth/logout", "refresh_token"),
    ("/api/v1/admin/refresh", "admin_refresh_token"),
    ("/api/v1/admin/logout", "admin_refresh_token"),
]


async def session_cookie(client: httpx.AsyncClient, name: str) -> str:
    if name == "refresh_token":
        return cookie_value(await login(client), name)
    response = await client.post("/api/v1/admin/login", json={"email": "admin@example.com", "password": PASSWORD})
    return cookie_value(response, name)


@pytest.fixture
async def accounts(make_user: UserFactory, make_admin: AdminFactory) -> None:
    await make_user()
    await make_admin()


@pytest.mark.usefixtures("accounts")
class TestOriginCheck:
    @pytest.mark.parametrize(("path", "name"), COOKIE_ROUTES)
    @pytest.mark.parametrize(
        "headers",
        [
            {"Origin": "https://evil.example"},
            {"Origin": "null"},
            {"Origin": "http://localhost:3001"},
            {"Origin": "https://localhost:3000"},
            {"Referer": "https://evil.example/page"},
            {"Referer": "not a url"},
            {"Origin": "https://evil.example", "Referer": f"{SITE}/account"},
        ],
    )
    async def test_other_origins_are_refused(
        self, client: httpx.AsyncClient, path: str, name: str, headers: dict[str, str]
    ) -> None:
        value = await session_cookie(client, name)
        response = await client.post(path, headers={**headers, "Cookie": f"{name}={value}"})
        assert error(response) == (403, "AUTHORIZATION_ERROR", "Origin not allowed")
        assert set_cookies(response) == []
        # The session survived the refused request.
        again = await client.post(path.replace("logout", "refresh"), headers={"Cookie": f"{name}={value}"})
        assert again.status_code == 200

    @pytest.mark.parametrize(("path", "name"), COOKIE_ROUTES)
    @pytest.mark.parametrize(
        "headers",
        [
            {"Origin": SITE},
            {"Origin": "HTTP://LOCALHOST:3000"},
            {"Referer": f"{SITE}/account?tab=sessions"},
            {},  # curl, the site's server, tests: no browser page to forge the request from
        ],
    )
    async def test_allowed_origins_and_browserless_clients_pass(
        self, client: httpx.AsyncClient, path: str, name: str, headers: dict[str, str]
    ) -> None:
        value = await session_cookie(client, name)
        response = await client.post(path, headers={**headers, "Cookie": f"{name}={value}"})
        assert response.status_code == 200, response.text

    async def test_routes_with_a_bearer_token_are_not_affected(self, client: httpx.AsyncClient) -> None:
        token = (await login(client)).json()["access_token"]
        response = await client.get(
            "/api/v1/users/me", headers={"Authorization": f"Bearer {token}", "Origin": "https://evil.example"}
        )
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://Ani.Example.org", "https://ani.example.org"),
        ("https://ani.example.org:443/", "https://ani.example.org"),
        ("http://ani.example.org:80", "http://ani.example.org"),
        ("http://127.0.0.1:8080/path?q", "http://127.0.0.1:8080"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("null", None),
        ("ftp://ani.example.org", None),
        ("http://host:99999", None),
        ("", None),
    ],
)
def test_normalize_origin(value: str, expected: str | None) -> None:
    assert normalize_origin(value) == expected


@pytest.mark.usefixtures("accounts")
class TestUserCookiePath:
    async def test_cookie_is_scoped_to_the_auth_routes(self, client: httpx.AsyncClient) -> None:
        response = await login(client)
        [line] = set_cookies(response)
        assert "; Path=/api/v1/auth;" in line
        # A browser (httpx's cookie jar follows the same path rules) sends it to refresh, sessions and logout only.
        token = response.json()["access_token"]
        sessions = await client.get("/api/v1/auth/sessions", headers={"Authorization": f"Bearer {token}"})
        assert [session["current"] for session in sessions.json()] == [True]
        assert (await client.post("/api/v1/auth/refresh")).status_code == 200
        request = client.build_request("GET", "/api/v1/users/me")
        assert "cookie" not in request.headers
        request = client.build_request("GET", "/api/read/anime")
        assert "cookie" not in request.headers

    async def test_a_cookie_of_the_former_path_cannot_shadow_the_current_one(self, client: httpx.AsyncClient) -> None:
        # A cookie left in a browser with Path=/ by an earlier version, already rotated by then.
        stale = cookie_value(await login(client), "refresh_token")
        rotated = await client.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={stale}"})
        assert rotated.status_code == 200
        current = cookie_value(await login(client), "refresh_token")
        # A browser sends the more specific path first: /api/v1/auth's cookie, then the one of Path=/.
        both = {"Cookie": f"refresh_token={current}; refresh_token={stale}"}
        response = await client.post("/api/v1/auth/refresh", headers=both)
        assert response.status_code == 200, response.text
        [deleted] = [line for line in set_cookies(response) if line.startswith('refresh_token="";')]
        [renewed] = [line for line in set_cookies(response) if line != deleted]
        assert deleted.startswith('refresh_token=""; expires=')
        assert deleted.endswith("; HttpOnly; Max-Age=0; Path=/; SameSite=lax")
        assert len(renewed.split(";", 1)[0]) == len("refresh_token=") + 43
        assert "; Path=/api/v1/auth;" in renewed
