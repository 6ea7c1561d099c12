"""Alembic environment: the shared runner with this service's metadata."""

from ani_common.db import run_migrations
from ani_write.infrastructure.db.tables import metadata

run_migrations(metadata)
