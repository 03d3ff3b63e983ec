"""`PrometheusMetrics`: the metrics port on a prometheus-client registry of its own."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

from ports.metrics import OrderStage

log = logging.getLogger(__name__)

# From 100 µs (a risk check) to 5 s (a venue that answers slowly).
LATENCY_BUCKETS = (
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0
)  # fmt: skip
BREAKER_LEVELS = {"CLOSED": 0, "HALF_OPEN": 1, "OPEN": 2}
TRADING_STATES = ("ACTIVE", "REDUCING", "HALTED")


class PrometheusMetrics:
    """Implements `ports.metrics.Metrics`. Built per container (never at import), so two
    services in one process, or two tests, never share a counter. `on_scrape` hooks refresh
    the gauges that are read rather than pushed (venue connection, breakers, kill switch)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        disable_created_metrics()  # no `_created` series: they double every counter's lines
        self.registry = registry if registry is not None else CollectorRegistry()
        self._hooks: list[Callable[[], None]] = []
        # labels() validates and locks on every call; the order path asks for the same few.
        self._children: dict[tuple[object, ...], Any] = {}
        r = self.registry
        self._stage = Histogram(
            "odum_order_stage_seconds",
            "Order path latency by stage: risk, route, venue_ack, end_to_end",
            ["stage"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._stages = {stage: self._stage.labels(stage.value) for stage in OrderStage}
        self._orders = Counter(
            "odum_orders", "Order events by the order's status and venue", ["status", "venue"],
            registry=r,
        )  # fmt: skip
        self._rejections = Counter(
            "odum_risk_rejections", "Pre-trade risk rejections by reason code", ["code"],
            registry=r,
        )  # fmt: skip
        self._fills = Counter("odum_fills", "Fills by venue", ["venue"], registry=r)
        self._connected = Gauge(
            "odum_venue_connected", "1 when the venue is connected", ["venue"], registry=r
        )
        self._breaker = Gauge(
            "odum_circuit_breaker_state",
            "Circuit breaker of each venue: 0 closed, 1 half-open, 2 open",
            ["venue"],
            registry=r,
        )
        self._reconnects = Counter(
            "odum_venue_reconnects", "Connections of a venue after its first", ["venue"],
            registry=r,
        )  # fmt: skip
        self._venue_errors = Counter(
            "odum_venue_errors", "Errors answered by venues, by code", ["venue", "code"],
            registry=r,
        )  # fmt: skip
        self._rate_limits = Counter(
            "odum_rate_limit_hits", "Venue answers saying we sent too much", ["venue"],
            registry=r,
        )  # fmt: skip
        self._trading_state = Gauge(
            "odum_trading_state", "1 for the risk engine's current trading state", ["state"],
            registry=r,
        )  # fmt: skip
        self._kill_switch = Gauge(
            "odum_kill_switch_engaged", "1 when trading is HALTED", registry=r
        )
        self._reconciliations = Counter(
            "odum_reconciliation_runs", "Start-up reconciliations by result", ["result"],
            registry=r,
        )  # fmt: skip
        self._reconciliation_counts = Gauge(
            "odum_reconciliation_last",
            "What the last reconciliation found, by kind (unresolved, position_differences...)",
            ["kind"],
            registry=r,
        )
        self._backtests = Counter(
            "odum_backtest_runs", "Backtest runs by final status", ["status"], registry=r
        )
        self._windows = Counter(
            "odum_backtest_windows_loaded", "Tick windows loaded by backtests", registry=r
        )
        self._bytes = Counter(
            "odum_backtest_bytes_read", "Market-data bytes read by backtests", registry=r
        )
        self._http = Counter(
            "odum_http_requests", "HTTP requests by method, route template and status",
            ["method", "route", "status"], registry=r,
        )  # fmt: skip
        self._http_seconds = Histogram(
            "odum_http_request_seconds",
            "HTTP request latency by method and route template",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )

    def _child(self, metric: Any, *labels: str) -> Any:
        key = (id(metric), *labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def on_scrape(self, hook: Callable[[], None]) -> None:
        self._hooks.append(hook)

    def exposition(self) -> tuple[bytes, str]:
        """The text format and its content type, gauges refreshed first."""
        for hook in self._hooks:
            try:
                hook()
            except Exception:  # a failing gauge must not hide every other metric
                log.exception("metrics scrape hook failed")
        return generate_latest(self.registry), CONTENT_TYPE_LATEST

    def order_stage(self, stage: OrderStage, seconds: float) -> None:
        self._stages[stage].observe(seconds)

    def order_event(self, status: str, venue: str | None) -> None:
        self._child(self._orders, status, venue or "none").inc()

    def risk_rejected(self, code: str) -> None:
        self._child(self._rejections, code).inc()

    def fill(self, venue: str) -> None:
        self._child(self._fills, venue).inc()

    def venue_state(self, venue: str, *, connected: bool, breaker: str) -> None:
        self._connected.labels(venue).set(1 if connected else 0)
        self._breaker.labels(venue).set(BREAKER_LEVELS.get(breaker, 2))

    def venue_reconnected(self, venue: str) -> None:
        self._reconnects.labels(venue).inc()

    def venue_error(self, venue: str, code: str, *, rate_limited: bool) -> None:
        self._child(self._venue_errors, venue, code).inc()
        if rate_limited:
            self._child(self._rate_limits, venue).inc()

    def trading_state(self, state: str) -> None:
        for known in TRADING_STATES:
            self._trading_state.labels(known).set(1 if known == state else 0)
        self._kill_switch.set(1 if state == "HALTED" else 0)

    def reconciliation(self, *, clean: bool, counts: Mapping[str, int]) -> None:
        self._reconciliations.labels("clean" if clean else "differences").inc()
        for kind, count in counts.items():
            self._reconciliation_counts.labels(kind).set(count)

    def backtest_run(self, status: str, *, windows_loaded: int, bytes_read: int) -> None:
        self._backtests.labels(status).inc()
        self._windows.inc(windows_loaded)
        self._bytes.inc(bytes_read)

    def http_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self._child(self._http, method, route, str(status)).inc()
        self._child(self._http_seconds, method, route).observe(seconds)
