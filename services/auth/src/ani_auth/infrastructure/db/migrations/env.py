"""Alembic environment: the shared runner with this service's metadata."""

from ani_auth.infrastructure.db.tables import metadata
from ani_common.db import run_migrations

run_migrations(metadata)
