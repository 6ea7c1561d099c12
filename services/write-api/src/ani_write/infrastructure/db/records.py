"""Records to dataclasses: the repositories select columns named like the fields of the dataclass they return."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

__all__ = ["load"]

T = TypeVar("T")

_NAMES: dict[type[Any], tuple[str, ...]] = {}


def load(row_type: type[T], record: Any, **values: Any) -> T:
    """``row_type`` built from ``record`` by field name; ``values`` gives the fields the record does not hold as is."""
    names = _NAMES.get(row_type)
    if names is None:
        names = _NAMES[row_type] = tuple(spec.name for spec in fields(row_type))  # type: ignore[arg-type]
    return row_type(**{name: record[name] for name in names if name not in values}, **values)
