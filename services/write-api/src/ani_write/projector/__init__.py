"""The projector: a long-running process shipped with write-api (``python -m ani_write.projector``) that turns
outbox rows into Redis read models, runs rebuild jobs and purges processed rows. Composition layer (like ``main``,
``bootstrap`` and ``cli``); the work itself is in ``application.projection`` and ``infrastructure.projection``.
See ``docs/services/projector.md``."""
