from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from fastapi import APIRouter, FastAPI

from ani_common.app import create_service_app
from ani_common.auth_deps import CurrentAdmin, CurrentUser
from ani_common.config import ServiceSettings
from ani_common.testing.keys import TestSigner
from ani_common.testing.plugin import AsgiClientFactory
from ani_common.tokens import PrincipalKind, TokenVerifier

SIGNER = TestSigner()
router = APIRouter()


@router.get("/me")
async def me(user: CurrentUser) -> dict[str, int]:
    return {"id": user.id}


@router.get("/admin/me")
async def admin_me(admin: CurrentAdmin) -> dict[str, int]:
    return {"id": admin.id}


def build() -> FastAPI:
    app = create_service_app(ServiceSettings(_env_file=None), title="t", routers=[router])
    app.state.token_verifier = TokenVerifier(SIGNER.key_source())
    return app


@pytest_asyncio.fixture
async def client(asgi_client: AsgiClientFactory) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(build()) as http:
        yield http


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Not authenticated"),
        ("Bearer ", "Not authenticated"),
        ("Basic abc", "Invalid authentication credentials"),
    ],
)
async def test_missing_or_non_bearer_is_401_with_challenge(
    client: httpx.AsyncClient, header: str | None, message: str
) -> None:
    response = await client.get("/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "HTTP_ERROR"
    assert response.json()["error"]["message"] == message


async def test_user_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/me", headers={"Authorization": f"bearer {SIGNER.token(3)}"})
    assert response.status_code == 200
    assert response.json() == {"id": 3}


async def test_admin_token_on_user_route_is_401(client: httpx.AsyncClient) -> None:
    token = SIGNER.token(1, PrincipalKind.ADMIN)
    response = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Could not validate credentials"


async def test_user_token_on_admin_route_is_403(client: httpx.AsyncClient) -> None:
    response = await client.get("/admin/me", headers={"Authorization": f"Bearer {SIGNER.token(1)}"})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Admin access required"


async def test_invalid_token_on_admin_route_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/admin/me", headers={"Authorization": "Bearer garbage"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Could not validate admin credentials"


async def test_admin_token_on_admin_route(client: httpx.AsyncClient) -> None:
    token = SIGNER.token(2, PrincipalKind.ADMIN)
    response = await client.get("/admin/me", headers={"Authorization": f"Bearer {token}"})
    assert response.json() == {"id": 2}
