"""Read-model projection: the outbox → Redis use cases (projector passes, rebuilds, rebuild jobs, outbox purge).

The payload shapes and key formats are the shared contract in :mod:`ani_common.readmodels` (pure modules only here:
``shapes`` and ``keys``); PostgreSQL and Redis are reached through the ports in :mod:`.ports`.
"""
