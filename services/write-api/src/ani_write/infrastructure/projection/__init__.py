"""Projection adapters: outbox claims and read-model queries on asyncpg (hand-written SQL, set-based, never one
query per model), the Redis sink over :class:`ani_common.readmodels.writer.ReadModelWriter`, LISTEN/NOTIFY, metrics."""
