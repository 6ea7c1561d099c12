"""SQLAlchemy tables, repositories, unit of work and Alembic migrations of the ``ani_auth`` database."""
