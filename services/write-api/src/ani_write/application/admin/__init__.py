"""Admin API use cases (curation, audit log, read-model rebuild trigger): one use case per module."""
