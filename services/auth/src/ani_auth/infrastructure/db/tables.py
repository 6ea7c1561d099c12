"""Tables of the ``ani_auth`` database, on a metadata with the shared constraint naming convention."""

from __future__ import annotations

from ani_common.db import make_metadata

__all__ = ["metadata"]

metadata = make_metadata()
