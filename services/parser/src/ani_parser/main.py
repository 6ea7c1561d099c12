"""Programmatic entry point: ``main(argv)`` is what the ``ani-parser`` console script calls."""

from __future__ import annotations

from ani_parser.cli import main

__all__ = ["main"]
