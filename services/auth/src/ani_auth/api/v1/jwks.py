"""``/.well-known/jwks.json``: every public key tokens may be signed with (active and previous)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

__all__ = ["router"]

router = APIRouter(tags=["jwks"])

_JWKS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"keys": {"type": "array", "items": {"type": "object"}}},
    "required": ["keys"],
}


@router.get(
    "/.well-known/jwks.json",
    summary="Public keys (JWK Set) for verifying access tokens",
    responses={200: {"content": {"application/json": {"schema": _JWKS_SCHEMA}}, "description": "JWK Set"}},
    response_class=Response,
)
async def jwks(request: Request) -> Response:
    body: bytes = request.app.state.jwks
    return Response(body, media_type="application/json", headers={"Cache-Control": "public, max-age=300"})
