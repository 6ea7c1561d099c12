"""ani parser: One-shot / cron importer from Shikimori + Kodik into write-api, and the fake provider servers."""
