"""Adapters: HTTP clients for Kodik, Shikimori and write-api, the rate limiter, the state file."""
