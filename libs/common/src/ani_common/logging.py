"""JSON logging with structlog.

One JSON object per line on stdout: ``timestamp`` (ISO-8601 UTC), ``level``, ``logger``, ``message``, ``trace_id``
(bound per request by :mod:`ani_common.tracing`), plus any extra key/values. The standard library's loggers
(uvicorn, alembic, sqlalchemy) are routed through the same renderer so every line has the same shape.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog
from structlog.types import EventDict, Processor

from ani_common.context import trace_id_var

__all__ = ["REDACTED", "configure_logging", "get_logger"]

REDACTED = "[redacted]"
_SENSITIVE_KEYS = frozenset(
    {
        "password",
        "new_password",
        "current_password",
        "token",
        "access_token",
        "refresh_token",
        "authorization",
        "cookie",
        "secret",
        "internal_token",
        "x-internal-token",
    }
)


def _redact(_: Any, __: str, event_dict: EventDict) -> EventDict:
    """Last line of defence: values under well-known secret keys never reach the output."""
    for key in list(event_dict):
        if key.lower() in _SENSITIVE_KEYS:
            event_dict[key] = REDACTED
    return event_dict


def _add_trace_id(_: Any, __: str, event_dict: EventDict) -> EventDict:
    """The current request's trace id (one ContextVar read per log line, nothing per request)."""
    trace_id = trace_id_var.get()
    if trace_id is not None:
        event_dict.setdefault("trace_id", trace_id)
    return event_dict


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        _add_trace_id,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
        _redact,
    ]


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    """Configure structlog and the standard library logging. Safe to call more than once."""
    shared = _shared_processors()
    renderer: Processor = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.EventRenamer("message"),
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("uvicorn.access", "sqlalchemy.engine", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
