"""Use cases (one per module), ports (Protocols) and application errors. No FastAPI, SQLAlchemy or Redis."""
