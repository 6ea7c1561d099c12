"""Schemathesis against the committed OpenAPI document (issue 15, fuzzing), in process on the suite's database.

Every operation of ``openapi.json``: positive (valid by the schema) and negative (invalid) cases, with a fixed budget
and derandomized generation. Each case goes through an in-process ASGI client on the test's rolled-back transaction
and Redis, with the credentials its route needs (a viewer's access token for ``/api/v1/auth`` and ``/users``, an
admin's for ``/api/v1/admin``), and its response must pass: no 5xx, a documented status code, a documented content
type, a body matching the documented schema. Part of the positive cases carry real refresh cookies and existing ids,
so the 200 answers and their schemas are reached. Rate limits are off here (their 429s would hide the handlers);
their own tests are elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redis.asyncio import Redis
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ani_auth.bootstrap import Overrides
from ani_auth.infrastructure.security.keys import KeyRing
from ani_auth.main import create_app
from ani_common.testing.fuzzing import report_counts, send_case
from ani_common.testing.plugin import AsgiClientFactory
from tests.helpers import PASSWORD, AdminFactory, SettingsFactory, UserFactory, cookie_value, login

SCHEMA = schemathesis.openapi.from_path(Path(__file__).resolve().parents[1] / "openapi.json")


def operations() -> list[Any]:
    """Every operation of the document (an operation the loader cannot read fails the module loudly)."""
    found = []
    for result in SCHEMA.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        found.append(result.ok())
    return sorted(found, key=lambda operation: operation.label)


OPERATIONS = operations()
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
MAX_EXAMPLES = 25

GENERATED: Counter[str] = Counter()  # cases sent, by operation
STATUSES: Counter[int] = Counter()  # responses, by status code


@pytest.fixture(scope="module", autouse=True)
def report_generated(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    report_counts(request, "auth", GENERATED, STATUSES)


@pytest_asyncio.fixture
async def fuzz_client(
    make_settings: SettingsFactory,
    db_sessionmaker: async_sessionmaker[AsyncSession],
    redis_client: Redis,
    keys: KeyRing,
    asgi_client: AsgiClientFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        make_settings(rate_limit_enabled=False),
        Overrides(sessionmaker=db_sessionmaker, redis=redis_client, keys=keys),
    )
    async with asgi_client(app) as http:
        yield http


@pytest_asyncio.fixture
async def accounts(fuzz_client: httpx.AsyncClient, make_user: UserFactory, make_admin: AdminFactory) -> dict[str, Any]:
    """A viewer and an admin, logged in: their access tokens, refresh cookies and ids."""
    user_id = await make_user("viewer@example.com")
    viewer = await login(fuzz_client, "viewer@example.com")
    admin_id = await make_admin("admin@example.com")
    other_admin_id = await make_admin("other@example.com", username="other")
    admin = await fuzz_client.post("/api/v1/admin/login", json={"email": "admin@example.com", "password": PASSWORD})
    assert admin.status_code == 200, admin.text
    sessions = await fuzz_client.get(
        "/api/v1/auth/sessions", headers={"Authorization": f"Bearer {viewer.json()['access_token']}"}
    )
    assert sessions.status_code == 200, sessions.text
    return {
        "user_id": user_id,
        "viewer": {"Authorization": f"Bearer {viewer.json()['access_token']}"},
        "admin": {"Authorization": f"Bearer {admin.json()['access_token']}"},
        "cookies": {
            "refresh_token": cookie_value(viewer, "refresh_token"),
            "admin_refresh_token": cookie_value(admin, "admin_refresh_token"),
        },
        "path": {"admin_id": str(other_admin_id), "session_id": sessions.json()[0]["id"]},
        "admin_id": admin_id,
    }


_strategies: dict[tuple[Any, ...], st.SearchStrategy[Any]] = {}


def strategy_for(operation: Any, known: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Positive and negative cases, and positive cases with the real cookies and ids (a parameter that is just a
    string has no invalid form: those negative draws are discarded)."""
    cookies = {name: value for name, value in known["cookies"].items() if name in operation.cookies}
    path = {name: value for name, value in known["path"].items() if name in operation.path_parameters}
    key = (operation.label, tuple(sorted(cookies.items())), tuple(sorted(path.items())))
    if key not in _strategies:
        options = [operation.as_strategy(generation_mode=POSITIVE), operation.as_strategy(generation_mode=NEGATIVE)]
        if cookies or path:
            options.append(
                operation.as_strategy(generation_mode=POSITIVE, cookies=cookies or None, path_parameters=path or None)
            )
        _strategies[key] = st.one_of(options)
    return _strategies[key]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
async def test_schemathesis(
    fuzz_client: httpx.AsyncClient, accounts: dict[str, Any], operation: Any, data: st.DataObject
) -> None:
    case = data.draw(strategy_for(operation, accounts), label="case")
    GENERATED[operation.label] += 1
    headers = accounts["admin"] if operation.path.startswith("/api/v1/admin/") else accounts["viewer"]
    response = await send_case(fuzz_client, case, headers=headers)
    STATUSES[response.status_code] += 1
    case.validate_response(response, checks=CHECKS)
