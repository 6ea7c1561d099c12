"""ani write-api: catalog, user data (library, progress, history), internal import, outbox; ships the projector."""
