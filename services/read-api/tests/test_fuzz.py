"""Schemathesis against the committed OpenAPI document (issue 15, fuzzing), in process on the suite's Redis.

Every operation of ``openapi.json``, positive (valid by the schema) and negative (invalid) cases, a fixed budget and
derandomized generation. Each case goes through the suite's own ASGI client (``send_case``) with the viewer's token,
and its response must pass: no 5xx, a documented status code, a documented content type, a body matching the
documented schema. The read models are seeded so that the 200 answers (and their schemas) are reached too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
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

from ani_common.readmodels.shapes import (
    AnimeSummary,
    HistoryLast,
    LibraryEntry,
    TitleEpisode,
    TitleLibrary,
    TitleModel,
    TitleProgress,
)
from ani_common.readmodels.writer import ReadModelWriter
from ani_common.testing.fuzzing import report_counts, send_case
from tests.factories import T0, anime_detail, catalog_item

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
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
MAX_EXAMPLES = 60

#: Path parameters that exist in the seeded read models (half of the positive cases use them).
KNOWN = {"slug": "naruto", "title_id": "naruto"}

GENERATED: Counter[str] = Counter()  # cases sent, by operation
STATUSES: Counter[int] = Counter()  # responses, by status code


_strategies: dict[str, st.SearchStrategy[Any]] = {}


def strategy_for(operation: Any) -> st.SearchStrategy[Any]:
    """Positive cases, positive cases on the seeded ids, and negative cases where there is an input to break (a
    path parameter that is just a string has no invalid form: those negative draws are discarded)."""
    if operation.label not in _strategies:
        options = [operation.as_strategy(generation_mode=mode) for mode in MODES]
        known = {name: KNOWN[name] for name in KNOWN if name in operation.path_parameters}
        if known:
            options.append(operation.as_strategy(generation_mode=MODES[0], path_parameters=known))
        _strategies[operation.label] = st.one_of(options)
    return _strategies[operation.label]


@pytest.fixture(scope="module", autouse=True)
def report_generated(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    report_counts(request, "read-api", GENERATED, STATUSES)


async def seed(writer: ReadModelWriter) -> None:
    await writer.put_anime(catalog_item("naruto", "Naruto"), anime_detail("naruto", "Naruto"))
    await writer.put_catalog([catalog_item("naruto", "Naruto"), catalog_item("bleach", "Bleach", year=2004)])
    entry = LibraryEntry(
        title_id="naruto",
        provider="rpc",
        status="watching",
        is_favorite=True,
        updated_at=T0,
        score=8,
        episodes_watched=1,
        anime=AnimeSummary(slug="naruto", title="Naruto", poster=None),
    )
    await writer.put_library(1, "rpc", [entry])
    episode = str(anime_detail("naruto", "Naruto").episodes[0].id)
    progress = TitleProgress(
        episode_id=episode,
        title_id="naruto",
        provider="rpc",
        position_seconds=12.0,
        duration_seconds=20.0,
        translation_id="610",
        watched=False,
        updated_at=T0,
        episode=TitleEpisode(number=1, season=1),
    )
    library = TitleLibrary(status="watching", is_favorite=True, score=8, episodes_watched=1, updated_at=T0)
    await writer.put_title(1, TitleModel("naruto", "rpc", library, (progress,)))
    last = HistoryLast(
        history_id=9, title_id="naruto", episode_id=episode, provider="rpc", position_seconds=12.0, watched_at=T0
    )
    await writer.put_history_last(1, "rpc", last)


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
    writer: ReadModelWriter,
    user_headers: dict[str, str],
    operation: Any,
    data: st.DataObject,
) -> None:
    if not GENERATED[operation.label]:
        await seed(writer)
    case = data.draw(strategy_for(operation), label="case")
    GENERATED[operation.label] += 1
    response = await send_case(client, case, headers=user_headers)
    STATUSES[response.status_code] += 1
    case.validate_response(response, checks=CHECKS)
