"""Request-scoped context shared by tracing (which sets it) and logging (which reads it)."""

from __future__ import annotations

from contextvars import ContextVar

__all__ = ["trace_id_var"]

#: The trace id of the request being served; ``None`` outside a request.
trace_id_var: ContextVar[str | None] = ContextVar("ani_trace_id", default=None)
