"""The plugin's response-schema validation (``ani_common.testing.responses``) bites, and only where it should."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import APIRouter, FastAPI
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel

from ani_common.app import FastAPIFront, create_service_app
from ani_common.config import ServiceSettings
from ani_common.testing.plugin import AsgiClientFactory, response_validator
from ani_common.testing.responses import NO_RESPONSE_VALIDATION, ResponseSchemaError

BODIES: dict[str, bytes] = {}


class Item(BaseModel):
    id: int
    name: str
    tags: list[str]


class Page(BaseModel):
    items: list[Item]


class Stamp(BaseModel):
    at: datetime


router = APIRouter()


@router.get("/items/{item_id}", response_model=Item)
async def get_item(item_id: int) -> Response:
    return Response(BODIES[str(item_id)], media_type="application/json")


@router.get("/pages", response_model=Page)
async def get_page() -> Response:
    return Response(BODIES["page"], media_type="application/json")


@router.get("/stamp", response_model=Stamp)
async def get_stamp() -> Response:
    return Response(BODIES["stamp"], media_type="application/json")


@router.get("/nothing-declared", responses={200: {"description": "text only"}}, response_class=Response)
async def undeclared() -> Response:
    return Response(b'{"any": "thing"}', media_type="application/json")


@router.post("/created", status_code=201, response_model=Item)
async def created() -> Response:
    return Response(BODIES["1"], status_code=202, media_type="application/json")


@router.get("/stream", response_model=Item)
async def stream() -> StreamingResponse:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"id": "not an int"}'

    return StreamingResponse(chunks(), media_type="application/json")


@router.get("/text")
async def text() -> Response:
    return Response(b"not json", media_type="text/plain")


def _app() -> FastAPI:
    return create_service_app(
        ServiceSettings(env="test", metrics_enabled=False, _env_file=None), title="t", routers=[router]
    )


@pytest.fixture
def validate_response_schemas() -> bool:
    return True


@pytest_asyncio.fixture
async def client(asgi_client: AsgiClientFactory) -> AsyncIterator[httpx.AsyncClient]:
    BODIES.clear()
    async with asgi_client(_app()) as http:
        yield http


async def test_a_matching_body_passes(client: httpx.AsyncClient) -> None:
    BODIES["1"] = b'{"id": 1, "name": "a", "tags": []}'
    BODIES["page"] = b'{"items": [{"id": 1, "name": "a", "tags": ["x"]}]}'
    assert (await client.get("/items/1")).status_code == 200
    assert (await client.get("/pages")).status_code == 200


@pytest.mark.parametrize(
    ("url", "key", "body", "error"),
    [
        ("/items/1", "1", b'{"id": "1", "name": "a", "tags": []}', "'1' is not of type 'integer' at id"),
        ("/items/1", "1", b'{"id": 1, "tags": []}', "'name' is a required property at (the body)"),
        ("/pages", "page", b'{"items": [{"id": 1, "name": "a", "tags": [3]}]}', "at items/0/tags/0"),
    ],
)
async def test_a_mismatch_fails_with_route_status_and_error(
    client: httpx.AsyncClient, url: str, key: str, body: bytes, error: str
) -> None:
    BODIES[key] = body
    with pytest.raises(ResponseSchemaError) as raised:
        await client.get(url)
    message = str(raised.value)
    assert f"GET {url.replace('/1', '/{item_id}')} answered 200" in message
    assert error in message


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2026-11-26T06:40:27.059931+00:00", True),
        ("2026-11-26T06:40:27Z", True),
        ("2026-11-26T06:40:27", False),  # no offset: not RFC 3339
        ("2026-11-26 06:40:27+00:00", False),
        ("yesterday", False),
    ],
)
async def test_date_times_are_rfc_3339(client: httpx.AsyncClient, value: str, valid: bool) -> None:
    BODIES["stamp"] = b'{"at": "' + value.encode() + b'"}'
    if valid:
        assert (await client.get("/stamp")).status_code == 200
    else:
        with pytest.raises(ResponseSchemaError, match="is not a 'date-time' at at"):
            await client.get("/stamp")


async def test_an_undeclared_status_or_schema_fails(client: httpx.AsyncClient) -> None:
    BODIES["1"] = b'{"id": 1, "name": "a", "tags": []}'
    with pytest.raises(ResponseSchemaError, match="answered 202, a status its OpenAPI document does not declare"):
        await client.post("/created")
    with pytest.raises(ResponseSchemaError, match="declares no JSON schema"):
        await client.get("/nothing-declared")


async def test_errors_non_json_and_opted_out_bodies_are_left_alone(client: httpx.AsyncClient) -> None:
    assert (await client.get("/items/0", params={"x": 1})).status_code == 500  # KeyError: the 500 envelope
    assert (await client.get("/text")).text == "not json"
    assert (await client.get("/unknown")).status_code == 404
    async with client.stream("GET", "/stream", extensions=NO_RESPONSE_VALIDATION) as response:
        assert [chunk async for chunk in response.aiter_bytes()] == [b'{"id": "not an int"}']


class Front(FastAPIFront):
    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


async def test_the_route_is_found_behind_a_fast_path() -> None:
    front = Front(_app())
    BODIES["7"] = b'{"id": 7, "name": 1, "tags": []}'
    transport = httpx.ASGITransport(app=front)
    hooks: dict[str, list[Any]] = {"response": [response_validator(front)]}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", event_hooks=hooks) as client:
        with pytest.raises(ResponseSchemaError, match=r"GET /items/\{item_id\} answered 200"):
            await client.get("/items/7")
