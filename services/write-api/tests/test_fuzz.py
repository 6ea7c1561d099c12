"""Schemathesis against the committed OpenAPI document (issue 15, fuzzing), in process on the suite's database.

Every operation of ``openapi.json``: positive (valid by the schema) and negative (invalid) cases, with a fixed budget
and derandomized generation. Each case goes through the suite's own ASGI client (``send_case``, the app on the
test's rolled-back transaction and its Redis) with the credentials its route needs (a viewer token for ``/me``, an
admin token for ``/admin``, the internal token for ``/internal``), and its response must pass: no 5xx, a documented
status code, a documented content type, a body matching the documented schema. A small imported catalog
(``admin_catalog``) gives half of the positive cases ids that exist, so the 200 answers and their schemas are reached.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ani_common.testing.fuzzing import report_counts, send_case

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

_strategies: dict[tuple[str, tuple[tuple[str, str], ...]], st.SearchStrategy[Any]] = {}


def strategy_for(operation: Any, known: dict[str, str]) -> st.SearchStrategy[Any]:
    """Positive and negative cases, and positive cases on the seeded ids (a path parameter that is just a string has
    no invalid form: those negative draws are discarded)."""
    pinned = {name: value for name, value in known.items() if name in operation.path_parameters}
    key = (operation.label, tuple(sorted(pinned.items())))
    if key not in _strategies:
        options = [operation.as_strategy(generation_mode=POSITIVE), operation.as_strategy(generation_mode=NEGATIVE)]
        if pinned:
            options.append(operation.as_strategy(generation_mode=POSITIVE, path_parameters=pinned))
        _strategies[key] = st.one_of(options)
    return _strategies[key]


@pytest.fixture(scope="module", autouse=True)
def report_generated(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    report_counts(request, "write-api", GENERATED, STATUSES)


@pytest.fixture
def credentials(
    auth: Callable[..., dict[str, str]], admin_headers: dict[str, str], internal: dict[str, str]
) -> Callable[[str], dict[str, str]]:
    def for_path(path: str) -> dict[str, str]:
        if path.startswith("/api/v1/admin/"):
            return admin_headers
        if path.startswith("/api/v1/internal/"):
            return internal
        return auth(1)

    return for_path


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
    client: httpx.AsyncClient,
    admin_catalog: dict[str, Any],
    credentials: Callable[[str], dict[str, str]],
    operation: Any,
    data: st.DataObject,
) -> None:
    known = {
        "anime_id": admin_catalog["naruto"],
        "episode_id": admin_catalog["episode1"],
        "video_id": admin_catalog["video"],
        "slug": "naruto",
        "title_id": "naruto",
    }
    case = data.draw(strategy_for(operation, known), label="case")
    GENERATED[operation.label] += 1
    response = await send_case(client, case, headers=credentials(operation.path))
    STATUSES[response.status_code] += 1
    case.validate_response(response, checks=CHECKS)
