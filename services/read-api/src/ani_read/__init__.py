"""ani read-api: Serves the Redis read models (/api/read/**) as stored bytes."""
