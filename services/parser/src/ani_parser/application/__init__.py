"""The import run: use cases and the ports they need."""
