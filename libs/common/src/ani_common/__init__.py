"""Shared building blocks of the ani services. Imports no service; domain layers do not import it."""

__version__ = "0.1.0"
