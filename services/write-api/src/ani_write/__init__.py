"""ani write-api: the catalog and all user data (library, progress, history), internal import, admin API and
outbox; ships the projector."""
