"""Adapters implementing the application ports: Redis read-model store."""
