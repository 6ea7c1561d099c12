"""Admin curation rules: which fields an admin edit locks, what an audit entry records, and how values are rendered.

* Editing a field locks it against imports (``locked_fields``) when it is a field imports write; fields imports never
  touch (``slug``, the anime's ``is_active``, a source's ``url``/``source_name``/``is_active``) need no lock.
* Audit values are real JSON values (``null``, ``true``, numbers, lists), never ``str()`` renderings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any
from uuid import UUID

from ani_write.domain.catalog import ANIME_IMPORT_FIELDS, EPISODE_IMPORT_FIELDS, VIDEO_IMPORT_FIELDS

__all__ = [
    "ANIME_LOCKABLE_FIELDS",
    "EPISODE_LOCKABLE_FIELDS",
    "REBUILD_SCOPES",
    "VIDEO_LOCKABLE_FIELDS",
    "AuditAction",
    "ResourceType",
    "audit_changes",
    "changed_fields",
    "json_value",
    "locks_after_edit",
    "snapshot",
]

#: fields an import may write, hence the fields an admin edit locks (per resource)
ANIME_LOCKABLE_FIELDS: tuple[str, ...] = ANIME_IMPORT_FIELDS
EPISODE_LOCKABLE_FIELDS: tuple[str, ...] = EPISODE_IMPORT_FIELDS
VIDEO_LOCKABLE_FIELDS: tuple[str, ...] = VIDEO_IMPORT_FIELDS

REBUILD_SCOPES = ("all", "anime", "user")


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    ATTACH = "attach"
    DETACH = "detach"
    DELETE = "delete"
    UNLOCK = "unlock"
    REBUILD = "rebuild"


class ResourceType(StrEnum):
    ANIME = "anime"
    EPISODE = "episode"
    VIDEO_SOURCE = "video_source"
    VIDEO_SOURCE_STATE = "video_source_state"
    READ_MODELS = "read_models"


def json_value(value: Any) -> Any:
    """``value`` as a plain JSON value (UUIDs and datetimes as strings, enums as their value, tuples as lists)."""
    if value is None or (isinstance(value, bool | int | float | str) and not isinstance(value, Enum)):
        return value
    if isinstance(value, Enum):
        return json_value(value.value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(item) for item in value]
    return str(value)


def changed_fields(current: Mapping[str, Any], requested: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """``{field: (old, new)}`` for every requested field whose value differs from the current one."""
    return {name: (current.get(name), value) for name, value in requested.items() if current.get(name) != value}


def audit_changes(changes: Mapping[str, tuple[Any, Any]]) -> dict[str, Any]:
    """The audit ``changes`` of an update: ``{field: {"old": <json>, "new": <json>}}``."""
    return {name: {"old": json_value(old), "new": json_value(new)} for name, (old, new) in changes.items()}


def snapshot(values: Mapping[str, Any]) -> dict[str, Any]:
    """The audit ``changes`` of a create or delete: the flat values as JSON."""
    return {name: json_value(value) for name, value in values.items()}


def locks_after_edit(locked: Iterable[str], edited: Iterable[str], lockable: Iterable[str]) -> list[str]:
    """The lock set after an edit: the current locks plus every edited field an import could overwrite (sorted)."""
    allowed = set(lockable)
    return sorted(set(locked) | {name for name in edited if name in allowed})
