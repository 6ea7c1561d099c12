"""Accounts, sessions and tokens through the gateway (auth service, 2 instances behind Traefik)."""

from __future__ import annotations

import base64
import json
import uuid
from functools import partial

import httpx

from scripts.devstack.stack import Stack
from tests.e2e.conftest import ClientFactory
from tests.e2e.helpers import (
    PASSWORD,
    assert_error,
    assert_security_headers,
    cookie_attributes,
    eventually,
    register,
    unique_email,
)

REFRESH_MAX_AGE = str(30 * 86400)


def claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return decoded


async def test_register_returns_a_token_and_the_refresh_cookie(gw: httpx.AsyncClient) -> None:
    response = await gw.post("/api/v1/auth/register", json={"email": unique_email(), "password": PASSWORD})

    assert response.status_code == 201
    body = response.json()
    assert body["token_type"] == "bearer"
    token_claims = claims(body["access_token"])
    assert token_claims["iss"] == "ani-auth"
    assert token_claims["aud"] == "ani-user"
    assert token_claims["type"] == "access"
    value, attributes = cookie_attributes(response, "refresh_token")
    assert len(value) == 43
    assert attributes["path"] == "/api/v1/auth"
    assert attributes["samesite"].lower() == "lax"
    assert attributes["max-age"] == REFRESH_MAX_AGE
    assert "httponly" in attributes
    assert "secure" not in attributes  # COOKIE_SECURE=false on plain-HTTP loopback
    assert_security_headers(response)


async def test_register_rejects_duplicates_case_insensitively_and_bad_input(gw: httpx.AsyncClient) -> None:
    email = unique_email()
    await register(gw, email)

    duplicate = await gw.post("/api/v1/auth/register", json={"email": email.upper(), "password": PASSWORD})
    assert_error(duplicate, 400, "HTTP_ERROR", "Email already registered")
    short = await gw.post("/api/v1/auth/register", json={"email": unique_email(), "password": "short"})
    assert_error(short, 422, "VALIDATION_ERROR", "Invalid request data")
    bad_email = await gw.post("/api/v1/auth/register", json={"email": "not-an-email", "password": PASSWORD})
    assert_error(bad_email, 422, "VALIDATION_ERROR")
    not_json = await gw.post("/api/v1/auth/register", content=b"email=x", headers={"content-type": "text/plain"})
    assert_error(not_json, 422, "VALIDATION_ERROR")


async def test_login_me_and_wrong_credentials(gw: httpx.AsyncClient) -> None:
    account = await register(gw)

    login = await gw.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD})
    assert login.status_code == 200
    cookie_attributes(login, "refresh_token")
    me = await gw.get("/api/v1/users/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"})
    assert me.status_code == 200
    assert list(me.json()) == ["email", "id", "is_active", "created_at"]
    assert me.json()["email"] == account.email
    assert me.json()["is_active"] is True

    wrong = await gw.post("/api/v1/auth/login", json={"email": account.email, "password": "wrong password"})
    assert_error(wrong, 401, "AUTHENTICATION_ERROR", "Incorrect email or password")
    unknown = await gw.post("/api/v1/auth/login", json={"email": unique_email(), "password": PASSWORD})
    assert_error(unknown, 401, "AUTHENTICATION_ERROR", "Incorrect email or password")


async def test_users_me_without_or_with_a_bad_token_is_401(gw: httpx.AsyncClient) -> None:
    missing = await gw.get("/api/v1/users/me")
    assert_error(missing, 401, "HTTP_ERROR", "Not authenticated")
    assert missing.headers["www-authenticate"].startswith("Bearer")
    basic = await gw.get("/api/v1/users/me", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert_error(basic, 401, "HTTP_ERROR", "Invalid authentication credentials")
    garbage = await gw.get("/api/v1/users/me", headers={"Authorization": "Bearer not.a.jwt"})
    assert_error(garbage, 401, "HTTP_ERROR", "Could not validate credentials")


async def test_refresh_rotates_and_detects_reuse(gw: httpx.AsyncClient) -> None:
    await register(gw)
    first = gw.cookies["refresh_token"]

    rotated = await gw.post("/api/v1/auth/refresh")
    assert rotated.status_code == 200
    second, attributes = cookie_attributes(rotated, "refresh_token")
    assert second != first
    assert attributes["max-age"] == REFRESH_MAX_AGE
    assert claims(rotated.json()["access_token"])["aud"] == "ani-user"

    gw.cookies.clear()
    reuse = await gw.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={first}"})
    assert_error(reuse, 401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")
    # Reuse of a rotated token revokes the whole family: the newest token is dead too.
    family = await gw.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={second}"})
    assert_error(family, 401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")


async def test_refresh_without_cookie(gw: httpx.AsyncClient) -> None:
    assert_error(await gw.post("/api/v1/auth/refresh"), 401, "HTTP_ERROR", "Refresh token not found")


async def test_a_session_from_one_instance_refreshes_on_the_other(stack: Stack, gw: httpx.AsyncClient) -> None:
    """Round-robin over 2 auth instances: consecutive rotations land on both, and every one succeeds."""
    await register(gw)
    before = await auth_instance_counts(stack, "/api/v1/auth/refresh")
    for _ in range(4):
        response = await gw.post("/api/v1/auth/refresh")
        assert response.status_code == 200, response.text
    after = await auth_instance_counts(stack, "/api/v1/auth/refresh")
    served = [after[i] - before[i] for i in range(len(after))]
    assert len(served) >= 2, served  # the stack runs several auth instances
    assert sum(served) == 4
    assert all(count > 0 for count in served), served


async def auth_instance_counts(stack: Stack, handler: str) -> list[float]:
    """Requests each auth instance served for `handler` (read from each instance's own /metrics, never routed)."""
    counts = []
    async with httpx.AsyncClient(timeout=10) as direct:
        for port in stack.ports["auth"]:
            text = (await direct.get(f"http://127.0.0.1:{port}/metrics")).text
            counts.append(
                sum(
                    float(line.rsplit(" ", 1)[1])
                    for line in text.splitlines()
                    if line.startswith("http_requests_total{") and f'handler="{handler}"' in line
                )
            )
    return counts


async def test_login_rate_limit_is_shared_by_both_instances(stack: Stack, gw: httpx.AsyncClient) -> None:
    """5 logins per minute per client IP, counted in Redis: the instances share one counter."""
    accounts = [unique_email() for _ in range(6)]
    before = await auth_instance_counts(stack, "/api/v1/auth/login")
    statuses: list[int] = []
    for email in accounts:  # six different accounts: the per-IP limit is the one that trips
        response = await gw.post(
            "/api/v1/auth/login",
            json={"email": email, "password": PASSWORD},
            headers={"X-Forwarded-For": f"10.0.0.{len(statuses)}"},  # spoofed: Traefik does not trust it
        )
        statuses.append(response.status_code)
    after = await auth_instance_counts(stack, "/api/v1/auth/login")

    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    assert len(after) == len(before) >= 2  # several auth instances, each read
    assert all(after[i] > before[i] for i in range(len(after)))  # both instances answered some of them
    limited = response
    assert_error(limited, 429, "RATE_LIMIT_EXCEEDED", "5 per 1 minute")
    assert 0 < int(limited.headers["retry-after"]) <= 60
    assert limited.headers["ratelimit-limit"] == "5"
    assert limited.headers["ratelimit-remaining"] == "0"


async def test_the_rate_limit_is_per_client(gw: httpx.AsyncClient, new_client: ClientFactory) -> None:
    for _ in range(6):
        last = await gw.post("/api/v1/auth/login", json={"email": unique_email(), "password": PASSWORD})
    assert last.status_code == 429
    other = await new_client().post("/api/v1/auth/login", json={"email": unique_email(), "password": PASSWORD})
    assert_error(other, 401, "AUTHENTICATION_ERROR", "Incorrect email or password")


async def test_logout_revokes_the_session_and_deletes_the_cookie(gw: httpx.AsyncClient) -> None:
    await register(gw)
    token = gw.cookies["refresh_token"]

    response = await gw.post("/api/v1/auth/logout")
    assert response.status_code == 200
    assert response.json() == {"message": "Logged out successfully"}
    value, attributes = cookie_attributes(response, "refresh_token")
    assert value in ("", '""')
    assert attributes["max-age"] == "0"
    assert attributes["path"] == "/api/v1/auth"
    again = await gw.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={token}"})
    assert_error(again, 401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")
    # Logout without any cookie still answers 200.
    gw.cookies.clear()
    assert (await gw.post("/api/v1/auth/logout")).status_code == 200


async def test_sessions_list_revoke_and_logout_all(gw: httpx.AsyncClient, new_client: ClientFactory) -> None:
    account = await register(gw)
    phone = new_client()
    login = await phone.post(
        "/api/v1/auth/login",
        json={"email": account.email, "password": PASSWORD},
        headers={"User-Agent": "e2e-phone"},
    )
    assert login.status_code == 200

    listed = await gw.get("/api/v1/auth/sessions", headers=account.headers)
    assert listed.status_code == 200
    sessions = listed.json()
    assert len(sessions) == 2
    assert {"id", "created_at", "last_used_at", "user_agent", "ip", "current"} <= set(sessions[0])
    phone_session = next(s for s in sessions if s["user_agent"] == "e2e-phone")
    # The session's IP is the phone's own address, as forwarded by the gateway.
    assert phone_session["ip"] == phone.address

    revoked = await gw.delete(f"/api/v1/auth/sessions/{phone_session['id']}", headers=account.headers)
    assert revoked.status_code == 200
    assert revoked.json() == {"message": "Session revoked"}
    assert_error(await phone.post("/api/v1/auth/refresh"), 401, "AUTHENTICATION_ERROR")
    missing = await gw.delete(f"/api/v1/auth/sessions/{phone_session['id']}", headers=account.headers)
    assert_error(missing, 404, "NOT_FOUND", "Session not found")

    out = await gw.post("/api/v1/auth/logout-all", headers=account.headers)
    assert out.status_code == 200
    assert out.json() == {"message": "Logged out from all sessions"}
    assert_error(await gw.post("/api/v1/auth/refresh"), 401, "HTTP_ERROR")  # cookie deleted
    # Access tokens issued before logout-all stop working everywhere (each instance polls the revocation list
    # every second, so "everywhere" is reached within a bounded delay).
    for path in ("/api/v1/users/me", "/api/v1/me/library", "/api/read/me/library"):
        await eventually(
            partial(statuses_of_both_instances, gw, path, account.headers),
            lambda statuses: statuses == [401, 401],
            timeout=5,
            what=f"{path} refusing a revoked token",
        )


async def statuses_of_both_instances(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> list[int]:
    """Two requests in a row: round-robin sends one to each of the 2 instances."""
    return [(await client.get(path, headers=headers)).status_code for _ in range(2)]


async def test_password_change(gw: httpx.AsyncClient, new_client: ClientFactory) -> None:
    account = await register(gw)
    other = new_client()
    assert (await other.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD})).is_success

    wrong = await gw.post(
        "/api/v1/auth/password",
        json={"current_password": "not the password", "new_password": "another good password"},
        headers=account.headers,
    )
    assert_error(wrong, 400, "HTTP_ERROR", "Current password is incorrect")
    too_long = await gw.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "é" * 40},
        headers=account.headers,
    )
    assert_error(too_long, 422, "VALIDATION_ERROR")

    changed = await gw.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "another good password"},
        headers=account.headers,
    )
    assert changed.status_code == 200
    new_token = changed.json()["access_token"]
    assert (await gw.get("/api/v1/users/me", headers={"Authorization": f"Bearer {new_token}"})).status_code == 200
    assert (await gw.post("/api/v1/auth/refresh")).status_code == 200  # this session survives
    assert_error(await other.post("/api/v1/auth/refresh"), 401, "AUTHENTICATION_ERROR")  # the others do not
    old = await gw.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD})
    assert_error(old, 401, "AUTHENTICATION_ERROR", "Incorrect email or password")
    new = await gw.post("/api/v1/auth/login", json={"email": account.email, "password": "another good password"})
    assert new.status_code == 200


async def test_jwks_through_the_gateway(gw: httpx.AsyncClient) -> None:
    response = await gw.get("/.well-known/jwks.json")
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert keys
    assert all(key["kty"] == "OKP" and key["crv"] == "Ed25519" and "d" not in key for key in keys)
    assert "max-age" in response.headers["cache-control"]
    account = await register(gw)
    header = json.loads(base64.urlsafe_b64decode(account.access_token.split(".")[0] + "=="))
    assert header["alg"] == "EdDSA"
    assert header["kid"] in {key["kid"] for key in keys}


async def test_admin_login_me_refresh_logout(stack: Stack, gw: httpx.AsyncClient) -> None:
    email = f"admin-{uuid.uuid4().hex[:8]}@example.org"
    assert stack.create_admin(email, "admin password 1", f"admin-{uuid.uuid4().hex[:8]}")
    assert not stack.create_admin(email, "admin password 1", f"other-{uuid.uuid4().hex[:8]}")  # duplicate: clean

    short = await gw.post("/api/v1/admin/login", json={"email": email, "password": "short"})
    assert_error(short, 422, "VALIDATION_ERROR")
    wrong = await gw.post("/api/v1/admin/login", json={"email": email, "password": "wrong password"})
    assert_error(wrong, 401, "HTTP_ERROR", "Incorrect email or password")

    login = await gw.post("/api/v1/admin/login", json={"email": email, "password": "admin password 1"})
    assert login.status_code == 200
    token = login.json()["access_token"]
    assert claims(token)["aud"] == "ani-admin"
    assert claims(token)["admin"] is True
    _, attributes = cookie_attributes(login, "admin_refresh_token")
    assert attributes["path"] == "/api/v1/admin"
    assert "httponly" in attributes
    admin_headers = {"Authorization": f"Bearer {token}"}

    me = await gw.get("/api/v1/admin/me", headers=admin_headers)
    assert me.status_code == 200
    assert set(me.json()) == {"id", "email", "username", "is_active", "created_at"}
    assert me.json()["email"] == email
    # Tokens are not interchangeable between users and admins.
    user = await register(gw)
    as_user = await gw.get("/api/v1/admin/me", headers=user.headers)
    assert_error(as_user, 403, "HTTP_ERROR", "Admin access required")
    assert (await gw.get("/api/v1/users/me", headers=admin_headers)).status_code == 401

    refreshed = await gw.post("/api/v1/admin/refresh")
    assert refreshed.status_code == 200
    assert claims(refreshed.json()["access_token"])["aud"] == "ani-admin"
    out = await gw.post("/api/v1/admin/logout")
    assert out.status_code == 200
    assert_error(await gw.post("/api/v1/admin/refresh"), 401, "HTTP_ERROR")
