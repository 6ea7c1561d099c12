from __future__ import annotations

import uuid

import httpx
from fastapi import FastAPI

from tests.helpers import UserFactory, bearer, cookie_value, error, login, set_cookies

SESSIONS = "/api/v1/auth/sessions"


class TestListSessions:
    async def test_lists_live_sessions_and_marks_the_current_one(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user()
        first = await client.post(
            "/api/v1/auth/login",
            json={"email": "user@example.com", "password": "correct horse battery"},
            headers={"User-Agent": "phone/1", "X-Forwarded-For": "198.51.100.1"},
        )
        second = await login(client)
        token = second.json()["access_token"]
        current = cookie_value(second, "refresh_token")
        response = await client.get(SESSIONS, headers={**bearer(token), "Cookie": f"refresh_token={current}"})
        assert response.status_code == 200
        sessions = response.json()
        assert len(sessions) == 2
        assert set(sessions[0]) == {"id", "created_at", "last_used_at", "expires_at", "user_agent", "ip", "current"}
        assert [session["current"] for session in sessions] == [True, False]
        phone = sessions[1]
        assert (phone["user_agent"], phone["ip"]) == ("phone/1", "198.51.100.1")
        assert first.status_code == 200

    async def test_a_refresh_keeps_the_session_id_and_updates_last_use(
        self, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user()
        response = await login(client)
        token = response.json()["access_token"]
        cookie = cookie_value(response, "refresh_token")
        before = (await client.get(SESSIONS, headers=bearer(token))).json()
        rotated = await client.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={cookie}"})
        after = (await client.get(SESSIONS, headers=bearer(token))).json()
        assert rotated.status_code == 200
        assert [session["id"] for session in after] == [session["id"] for session in before]
        assert after[0]["created_at"] == before[0]["created_at"]
        assert after[0]["last_used_at"] >= before[0]["last_used_at"]

    async def test_requires_a_user_token(self, client: httpx.AsyncClient) -> None:
        assert error(await client.get(SESSIONS)) == (401, "HTTP_ERROR", "Not authenticated")


class TestRevokeSession:
    async def test_revokes_one_session(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        doomed = cookie_value(await login(client), "refresh_token")
        response = await login(client)
        token = response.json()["access_token"]
        sessions = (await client.get(SESSIONS, headers=bearer(token))).json()
        doomed_id = sessions[1]["id"]
        deleted = await client.delete(f"{SESSIONS}/{doomed_id}", headers=bearer(token))
        assert deleted.status_code == 200
        assert deleted.json() == {"message": "Session revoked"}
        remaining = (await client.get(SESSIONS, headers=bearer(token))).json()
        assert [session["id"] for session in remaining] == [sessions[0]["id"]]
        refresh = await client.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={doomed}"})
        assert error(refresh) == (401, "AUTHENTICATION_ERROR", "Invalid or expired refresh token")
        again = await client.delete(f"{SESSIONS}/{doomed_id}", headers=bearer(token))
        assert error(again) == (404, "NOT_FOUND", "Session not found")

    async def test_unknown_session(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        token = (await login(client)).json()["access_token"]
        response = await client.delete(f"{SESSIONS}/{uuid.uuid4()}", headers=bearer(token))
        assert error(response) == (404, "NOT_FOUND", "Session not found")

    async def test_another_users_session_is_not_found(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user("victim@example.com")
        await make_user("attacker@example.com")
        victim = (await login(client, "victim@example.com")).json()["access_token"]
        victim_session = (await client.get(SESSIONS, headers=bearer(victim))).json()[0]["id"]
        attacker = (await login(client, "attacker@example.com")).json()["access_token"]
        response = await client.delete(f"{SESSIONS}/{victim_session}", headers=bearer(attacker))
        assert error(response) == (404, "NOT_FOUND", "Session not found")
        assert len((await client.get(SESSIONS, headers=bearer(victim))).json()) == 1

    async def test_bad_id_is_422(self, client: httpx.AsyncClient, make_user: UserFactory) -> None:
        await make_user()
        token = (await login(client)).json()["access_token"]
        response = await client.delete(f"{SESSIONS}/not-a-uuid", headers=bearer(token))
        assert error(response) == (422, "VALIDATION_ERROR", "Invalid request data")


class TestLogoutEverywhere:
    async def test_revokes_every_session_and_the_access_tokens(
        self, app: FastAPI, client: httpx.AsyncClient, make_user: UserFactory
    ) -> None:
        await make_user()
        first = await login(client)
        second = await login(client)
        token = second.json()["access_token"]
        response = await client.post("/api/v1/auth/logout-all", headers=bearer(token))
        assert response.status_code == 200
        assert response.json() == {"message": "Logged out from all sessions"}
        assert set_cookies(response)[0].startswith('refresh_token=""')
        for login_response in (first, second):
            cookie = cookie_value(login_response, "refresh_token")
            refresh = await client.post("/api/v1/auth/refresh", headers={"Cookie": f"refresh_token={cookie}"})
            assert refresh.status_code == 401
        # This process' revocation list was refreshed at once; other services pick it up within their poll interval.
        me = await client.get("/api/v1/users/me", headers=bearer(token))
        assert error(me) == (401, "HTTP_ERROR", "Could not validate credentials")
        # A new login afterwards is valid (the revocation only covers tokens issued before it).
        fresh = (await login(client)).json()["access_token"]
        assert (await client.get("/api/v1/users/me", headers=bearer(fresh))).status_code == 200
        assert app.state.token_verifier is not None
