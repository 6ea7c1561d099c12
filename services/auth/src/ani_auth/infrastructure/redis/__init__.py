"""Redis adapters: rate limits and the access-token revocation list."""
