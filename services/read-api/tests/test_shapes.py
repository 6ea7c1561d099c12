"""The read-model shapes have one definition, ``ani_common.readmodels.shapes``; the OpenAPI models agree with it.

``ani_read.api.schemas`` holds pydantic models only so that FastAPI can write the OpenAPI document (the endpoints
send stored bytes and never build them). These tests hold every stored shape to its model field by field: the
fields in the order the shape serialises them, the same nullability, and the serialised bytes of full and sparse
instances valid under the model's schema in the committed document. The only fields a model may add are the
ones the shared reader (``ani_common.readmodels.reader``) joins at read time, listed here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no stubs in the workspace
from pydantic import BaseModel

from ani_common.readmodels import shapes
from ani_read.api import schemas
from ani_read.openapi import SNAPSHOT

T = datetime(2026, 11, 26, 6, 40, 27, 59931, tzinfo=UTC)
ID = uuid.UUID(int=7)
SOURCE = shapes.VideoSource(ID, "iframe", "https://p.example/1", "kodik", 5, "610", "AniDub", "voice", "720p")
EPISODE = shapes.Episode(ID, 1, 1, "Pilot", (SOURCE,))
PROGRESS = shapes.TitleProgress("e1", "naruto", "rpc", 12.5, 20.0, "610", False, T, shapes.TitleEpisode(1, 0))
LIBRARY = shapes.TitleLibrary("watching", True, 8, 3, T)

#: (name, full instance, sparse instance (optional fields null/empty), model, fields the reader adds at read time)
PAIRS: list[tuple[str, Any, Any, type[BaseModel], tuple[str, ...]]] = [
    (
        "catalog item",
        shapes.CatalogItem(ID, "naruto", "Naruto", "https://i/p.jpg", 2002, "ongoing", ("A",), ("N",), T, True, 2, T),
        shapes.CatalogItem(ID, "naruto", "Naruto", None, None, None, (), (), T),
        schemas.CatalogItemRead,
        (),
    ),
    ("genre count", shapes.GenreCount("Drama", 2), shapes.GenreCount("Drama", 0), schemas.GenreCountRead, ()),
    ("video source", SOURCE, shapes.VideoSource(ID, "m3u8", "u", "kodik", 0), schemas.VideoSourceRead, ()),
    ("episode", EPISODE, shapes.Episode(ID, 1, None, None, ()), schemas.EpisodeRead, ()),
    (
        "anime detail",
        shapes.AnimeDetail(ID, "naruto", "Naruto", "D", 2002, "completed", "p", ("A",), ("N",), (EPISODE,), T),
        shapes.AnimeDetail(ID, "naruto", "Naruto", None, None, None, None, (), (), (), T),
        schemas.AnimeDetailRead,
        (),
    ),
    (
        "anime summary (the catalog item's, joined into library and continue items)",
        shapes.AnimeSummary("naruto", "Naruto", "p"),
        shapes.AnimeSummary("naruto", "Naruto", None),
        schemas.AnimeSummaryRead,
        ("episodes_total", "latest_episode_at"),
    ),
    (
        "library entry (``anime`` is replaced by the catalog's summary at read time)",
        shapes.LibraryEntry("naruto", "rpc", "watching", True, T, 8, 3, None),
        shapes.LibraryEntry("naruto", "rpc", "planned", False, T),
        schemas.LibraryEntryRead,
        ("last_watched_at", "has_new_episodes"),
    ),
    ("title library", LIBRARY, shapes.TitleLibrary("dropped", False, None, 0, T), schemas.TitleLibraryRead, ()),
    ("title episode", shapes.TitleEpisode(3, 1), shapes.TitleEpisode(3, None), schemas.EpisodeRefRead, ()),
    (
        "title progress",
        PROGRESS,
        shapes.TitleProgress("e1", "naruto", "rpc", 0.0, 0.0, None, True, T),
        schemas.TitleProgressRead,
        (),
    ),
    (
        "title model",
        shapes.TitleModel("naruto", "rpc", LIBRARY, (PROGRESS,)),
        shapes.TitleModel("naruto", "rpc", None, ()),
        schemas.TitleStateRead,
        (),
    ),
    (
        "history last",
        shapes.HistoryLast(9, "naruto", "e1", "rpc", 10.5, T),
        shapes.HistoryLast(9, "naruto", "e1", "rpc", None, T),
        schemas.HistoryLastRead,
        (),
    ),
]
#: read-time values for the fields the reader adds, so that a joined item can be validated
READ_TIME = {
    "episodes_total": 2,
    "latest_episode_at": T.isoformat(),
    "last_watched_at": None,
    "has_new_episodes": False,
}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return dict(orjson.loads(SNAPSHOT.read_bytes()))


def validator(document: dict[str, Any], model: type[BaseModel]) -> Draft202012Validator:
    schema = {**document["components"]["schemas"][model.__name__], "components": document["components"]}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _nullable(annotation: Any) -> bool:
    return isinstance(annotation, types.UnionType) and type(None) in typing.get_args(annotation)


def _schema_nullable(document: dict[str, Any], model: type[BaseModel], field: str) -> bool:
    prop = document["components"]["schemas"][model.__name__]["properties"][field]
    return any(option.get("type") == "null" for option in prop.get("anyOf", ()))


@pytest.mark.parametrize(("name", "full", "sparse", "model", "read_time"), PAIRS, ids=[pair[0] for pair in PAIRS])
def test_fields_agree_in_order(
    name: str, full: Any, sparse: Any, model: type[BaseModel], read_time: tuple[str, ...]
) -> None:
    serialised = list(orjson.loads(shapes.dumps(full)))
    assert [field for field in model.model_fields if field not in read_time] == serialised
    assert set(read_time) <= set(model.model_fields)


@pytest.mark.parametrize(("name", "full", "sparse", "model", "read_time"), PAIRS, ids=[pair[0] for pair in PAIRS])
def test_nullability_agrees(
    document: dict[str, Any], name: str, full: Any, sparse: Any, model: type[BaseModel], read_time: tuple[str, ...]
) -> None:
    hints = typing.get_type_hints(type(full))
    compared = [field for field in dataclasses.fields(full) if field.name in model.model_fields]
    assert compared, name
    for field in compared:
        if name.startswith("library entry") and field.name == "anime":
            continue  # replaced at read time (by the summary or null): nullable on both sides, a different shape
        assert _nullable(hints[field.name]) == _schema_nullable(document, model, field.name), field.name


@pytest.mark.parametrize(("name", "full", "sparse", "model", "read_time"), PAIRS, ids=[pair[0] for pair in PAIRS])
def test_serialised_instances_are_valid(
    document: dict[str, Any], name: str, full: Any, sparse: Any, model: type[BaseModel], read_time: tuple[str, ...]
) -> None:
    for instance in (full, sparse):
        value = {**orjson.loads(shapes.dumps(instance)), **{field: READ_TIME[field] for field in read_time}}
        errors = [error.message for error in validator(document, model).iter_errors(value)]
        assert errors == [], (name, instance)


def test_a_served_progress_row_is_a_title_progress_without_its_episode(document: dict[str, Any]) -> None:
    """``/me/progress`` items: the title models' rows without ``episode`` (the reader drops it)."""
    row = orjson.loads(shapes.dumps(PROGRESS))
    row.pop("episode")
    assert list(schemas.ProgressEntryRead.model_fields) == list(row)
    assert list(validator(document, schemas.ProgressEntryRead).iter_errors(row)) == []


def test_the_legacy_progress_entry_lacks_two_declared_fields() -> None:
    """The legacy ``ProgressEntry``, served until the rebuild after an upgrade, has no ``translation_id`` and no
    ``watched``: the reader adds them (``test_read_me.py::test_progress_and_history`` checks the answer)."""
    legacy = list(orjson.loads(shapes.dumps(shapes.ProgressEntry("e1", "naruto", "rpc", 1.0, 2.0, T))))
    declared = list(schemas.ProgressEntryRead.model_fields)
    assert [field for field in declared if field not in legacy] == ["translation_id", "watched"]


def test_every_model_is_held_to_a_shape_or_named_as_assembled() -> None:
    """The continue-watching models have no stored shape: the reader assembles them (``ani_common.readmodels.
    reader._continue_item``); they are checked against real answers by the suite's response validation."""
    held = {pair[3] for pair in PAIRS} | {schemas.ProgressEntryRead}
    assembled = {schemas.ContinueItemRead, schemas.ContinueEpisodeRead, schemas.NextEpisodeRead}
    errors = {schemas.ErrorBody, schemas.ErrorDetail}
    models = {
        value
        for value in vars(schemas).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel
    }
    assert models == held | assembled | errors
