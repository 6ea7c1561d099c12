"""Entities, value objects and domain errors. Pure Python."""
