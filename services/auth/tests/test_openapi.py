from __future__ import annotations

import json
from pathlib import Path

from ani_auth.openapi import openapi_document, render

SNAPSHOT = Path(__file__).resolve().parents[1] / "openapi.json"


def test_openapi_matches_the_committed_snapshot() -> None:
    # Regenerate with: uv run python -m ani_auth.openapi > services/auth/openapi.json
    assert json.loads(SNAPSHOT.read_text()) == openapi_document()
    assert SNAPSHOT.read_text() == render()


def test_every_route_of_the_contract_is_documented() -> None:
    paths = openapi_document()["paths"]
    for path in (
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/sessions",
        "/api/v1/auth/sessions/{session_id}",
        "/api/v1/auth/logout-all",
        "/api/v1/auth/password",
        "/api/v1/users/me",
        "/api/v1/admin/login",
        "/api/v1/admin/me",
        "/api/v1/admin/refresh",
        "/api/v1/admin/logout",
        "/.well-known/jwks.json",
    ):
        assert path in paths, path
