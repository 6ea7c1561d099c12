"""Adapters implementing the application ports: SQLAlchemy tables and repositories, Redis, key storage."""
