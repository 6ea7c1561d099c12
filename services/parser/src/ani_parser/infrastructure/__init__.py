"""Adapters implementing the application ports: HTTP clients for Kodik, Shikimori and the write-api, state file."""
