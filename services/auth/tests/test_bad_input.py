"""The bad-input corpus (issue 15): hostile bodies, numbers, Unicode and path segments on auth's routes.

One table: each row sends one request with the credentials its route needs (a viewer's access token and refresh
cookie, or an admin's) and states the statuses it may get. The response must carry the contract's error envelope,
and nothing may have been written: every table of the service (rows and contents, sessions and the auth event log
included) is fingerprinted before and after, in the test's transaction, which is the one the app uses. No row may
ever get a 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ani_common.testing.fuzzing import (
    DEEP_ARRAY_BODY,
    DEEP_OBJECT_BODY,
    HUGE_ARRAY_BODY,
    HUGE_STRING,
    INVALID_UTF8_BODY,
    NON_FINITE_NUMBERS,
    PATH_TRICKS,
    UNICODE_EDGES,
    assert_error_envelope,
)
from tests.helpers import PASSWORD, AdminFactory, UserFactory, cookie_value, login

REJECTED: tuple[int, ...] = (400, 422)  # unparsable body: 400 (FastAPI's parse error), schema violation: 422
NOT_A_ROUTE: tuple[int, ...] = (404, 405, 422)


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    creds: str  # "none", "viewer" (token and refresh cookie), "admin" (token and admin refresh cookie)
    body: bytes | None
    expected: tuple[int, ...]
    content_type: str | None = "application/json"


def json_text(template: str, value: str) -> bytes:
    """``template`` with ``@`` replaced by ``value``, a raw JSON fragment (so NaN, escapes, huge numbers go as is)."""
    return template.replace("@", value).encode()


NEW = "a brand new passphrase"
BODY_ROUTES = {
    "register": ("POST", "/api/v1/auth/register", "none", '{"email": "@", "password": "' + NEW + '"}'),
    "register-password": ("POST", "/api/v1/auth/register", "none", '{"email": "new@example.com", "password": "@"}'),
    "login": ("POST", "/api/v1/auth/login", "none", '{"email": "@", "password": "' + PASSWORD + '"}'),
    "admin-login": ("POST", "/api/v1/admin/login", "none", '{"email": "@", "password": "' + PASSWORD + '"}'),
    "password": (
        "POST",
        "/api/v1/auth/password",
        "viewer",
        '{"current_password": "' + PASSWORD + '", "new_password": "@"}',
    ),
    "admin-password": (
        "PUT",
        "/api/v1/admin/me/password",
        "admin",
        '{"current_password": "' + PASSWORD + '", "new_password": "@"}',
    ),
    "admin-update": ("PATCH", "/api/v1/admin/admins/{other}", "admin", '{"is_active": "@"}'),
}


def corpus() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for name, (method, path, creds, template) in BODY_ROUTES.items():
        rows[f"{name}/deep-array"] = Row(method, path, creds, DEEP_ARRAY_BODY, REJECTED)
        rows[f"{name}/deep-object"] = Row(method, path, creds, DEEP_OBJECT_BODY, REJECTED)
        rows[f"{name}/huge-array"] = Row(method, path, creds, HUGE_ARRAY_BODY, (422,))
        rows[f"{name}/invalid-utf8"] = Row(method, path, creds, INVALID_UTF8_BODY, REJECTED)
        rows[f"{name}/not-json"] = Row(method, path, creds, b"{'email': 1,}", REJECTED)
        rows[f"{name}/empty"] = Row(method, path, creds, b"", REJECTED)
        for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/xml", None):
            body = json_text(template, "x@example.com")
            rows[f"{name}/content-type-{content_type}"] = Row(method, path, creds, body, (415, 422), content_type)
        rows[f"{name}/huge-string"] = Row(method, path, creds, json_text(template, HUGE_STRING), (422,))
        edges = ["nul", "lone-high-surrogate", "lone-low-surrogate", "c1-control"]
        if "password" not in name:
            edges.append("rtl-override")  # a passphrase may hold any printable character; an email may not
        for edge in edges:
            rows[f"{name}/{edge}"] = Row(method, path, creds, json_text(template, UNICODE_EDGES[edge]), (422,))
        for number, literal in NON_FINITE_NUMBERS.items():
            quoted = template.replace('"@"', "@")  # the number where a string (or a boolean) belongs
            statuses: tuple[int, ...] = REJECTED if number == "very-long-int" else (422,)
            rows[f"{name}/{number}"] = Row(method, path, creds, json_text(quoted, literal), statuses)
    path_routes: dict[str, tuple[str, str, str, tuple[int, ...]]] = {
        "session-id": ("DELETE", "/api/v1/auth/sessions/@", "viewer", (404, 422)),
        "admin-id": ("PATCH", "/api/v1/admin/admins/@", "admin", (404, 422)),
        "admin-sessions": ("DELETE", "/api/v1/admin/admins/@/sessions", "admin", (404, 422)),
    }
    for name, (method, template, creds, expected) in path_routes.items():
        path_body = b'{"is_active": false}' if method == "PATCH" else None
        for kind, segment in PATH_TRICKS.items():
            route_statuses: tuple[int, ...] = (
                NOT_A_ROUTE if kind in {"dot-dot", "encoded-slash", "encoded-traversal"} else expected
            )
            rows[f"{name}/{kind}"] = Row(method, template.replace("@", segment), creds, path_body, route_statuses)
        for number in ("huge-int", "huge-negative-int", "int64-overflow"):
            path = template.replace("@", NON_FINITE_NUMBERS[number])
            rows[f"{name}/{number}"] = Row(method, path, creds, path_body, (404, 422))
    return rows


CORPUS = corpus()


async def fingerprint(sql: AsyncConnection) -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row of every table (an UPDATE shows as well as an INSERT)."""
    tables = (
        await sql.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
        )
    ).scalars()
    prints = {}
    for table in sorted(tables):
        row = (
            await sql.execute(
                text(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
                    f'FROM "{table}" t'
                )
            )
        ).one()
        prints[table] = (row[0], row[1])
    return prints


@pytest.fixture
async def credentials(client: httpx.AsyncClient, make_user: UserFactory, make_admin: AdminFactory) -> dict[str, Any]:
    await make_user("viewer@example.com")
    viewer = await login(client, "viewer@example.com")
    await make_admin("admin@example.com")
    other = await make_admin("other@example.com", username="other")
    admin = await client.post("/api/v1/admin/login", json={"email": "admin@example.com", "password": PASSWORD})
    assert admin.status_code == 200, admin.text
    return {
        "none": {},
        "viewer": {
            "Authorization": f"Bearer {viewer.json()['access_token']}",
            "Cookie": f"refresh_token={cookie_value(viewer, 'refresh_token')}",
        },
        "admin": {
            "Authorization": f"Bearer {admin.json()['access_token']}",
            "Cookie": f"admin_refresh_token={cookie_value(admin, 'admin_refresh_token')}",
        },
        "other": str(other),
    }


@pytest.mark.parametrize("name", list(CORPUS))
async def test_bad_input_is_refused_and_writes_nothing(
    client: httpx.AsyncClient, credentials: dict[str, Any], sql: AsyncConnection, name: str
) -> None:
    row = CORPUS[name]
    headers = dict(credentials[row.creds])
    if row.content_type is not None and row.body is not None:
        headers["Content-Type"] = row.content_type
    before = await fingerprint(sql)
    path = row.path.replace("{other}", credentials["other"])
    response = await client.request(row.method, path, content=row.body, headers=headers)
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert_error_envelope(response, row.expected)
    assert await fingerprint(sql) == before
