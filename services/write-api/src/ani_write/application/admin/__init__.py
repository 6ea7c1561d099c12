"""Admin use cases (curation, the read-model rebuild trigger), one per module, and the admin ports; the admin reads
(dashboard, lists, audit log, rebuild jobs) are the ``AdminQueries`` port, which the routes call directly."""
