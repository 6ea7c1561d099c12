"""The read-model contract between the projector (writer, in write-api) and read-api (reader).

* :mod:`.keys` — Redis key builders (the replaced system's key names, docs/contract.md appendix B, plus the catalog
  index keys under ``anime:catalog:``).
* :mod:`.shapes` — payload shapes (frozen dataclasses) and their one serialisation to bytes (orjson).
* :mod:`.catalog` — the catalog index layout: sort orders, filters, n-grams for ``q``.
* :mod:`.writer` — :class:`~.writer.ReadModelWriter`, the API the projector and the rebuild command call.
* :mod:`.reader` — :class:`~.reader.ReadModelReader`, what read-api calls on its hot path.

This module itself imports nothing that talks to Redis, so pure layers may import :mod:`.shapes`, :mod:`.keys`
and :mod:`.catalog` without pulling a driver in. Import the writer/reader from their modules.
"""
