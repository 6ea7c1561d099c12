"""Prometheus metrics of the projector, on a registry of their own (several projectors can live in one process,
e.g. in tests); ``serve`` exposes it with ``prometheus_client.start_http_server``."""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Sequence

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server

from ani_write.application.projection.ports import ClaimedEvent, WriteOutcome

__all__ = ["PrometheusProjectionMetrics"]

LAG_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
BATCH_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000)


class PrometheusProjectionMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.events = Counter(
            "ani_projector_events_processed_total", "Outbox events projected", ["topic"], registry=self.registry
        )
        self.batch_size = Histogram(
            "ani_projector_batch_size", "Outbox rows per claimed batch", buckets=BATCH_BUCKETS, registry=self.registry
        )
        self.lag = Histogram(
            "ani_projector_lag_seconds",
            "Projection lag: outbox row created (the write's transaction) to its read models written in Redis",
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )
        self.models = Counter(
            "ani_projector_models_written_total", "Read models written to Redis", registry=self.registry
        )
        self.stale = Counter(
            "ani_projector_stale_writes_total",
            "Writes refused because a newer computation was already stored (stamp)",
            registry=self.registry,
        )
        self.errors = Counter("ani_projector_errors_total", "Projector failures", ["stage"], registry=self.registry)
        self.invalid = Counter(
            "ani_projector_invalid_events_total",
            "Outbox events skipped as unprojectable",
            ["topic"],
            registry=self.registry,
        )

    def batch(self, events: Sequence[ClaimedEvent], lags: Sequence[float], outcome: WriteOutcome) -> None:
        self.batch_size.observe(len(events))
        for topic, count in Tally(event.topic for event in events).items():
            self.events.labels(topic=topic).inc(count)
        for lag in lags:
            self.lag.observe(lag)
        self.models.inc(outcome.written)
        self.stale.inc(outcome.stale)

    def error(self, stage: str) -> None:
        self.errors.labels(stage=stage).inc()

    def invalid_event(self, topic: str) -> None:
        self.invalid.labels(topic=topic[:64]).inc()

    def serve(self, port: int, address: str = "0.0.0.0") -> None:  # noqa: S104 - scraped from the internal network
        start_http_server(port, addr=address, registry=self.registry)
