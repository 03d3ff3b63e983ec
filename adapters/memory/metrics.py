"""Memory metrics: every count and latency kept in dictionaries, for tests and the test profile."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from ports.metrics import OrderStage


class InMemoryMetrics:
    """Implements `ports.metrics.Metrics`; `counts[(name, *labels)]`, `latencies[stage]`."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, ...]] = Counter()
        self.latencies: defaultdict[OrderStage, list[float]] = defaultdict(list)
        self.gauges: dict[tuple[str, ...], float] = {}
        self.reconciliations: list[tuple[bool, dict[str, int]]] = []

    def order_stage(self, stage: OrderStage, seconds: float) -> None:
        self.latencies[stage].append(seconds)

    def order_event(self, status: str, venue: str | None) -> None:
        self.counts["orders", status, venue or "none"] += 1

    def risk_rejected(self, code: str) -> None:
        self.counts["risk_rejections", code] += 1

    def fill(self, venue: str) -> None:
        self.counts["fills", venue] += 1

    def venue_state(self, venue: str, *, connected: bool, breaker: str) -> None:
        self.gauges["venue_connected", venue] = 1.0 if connected else 0.0
        self.gauges["breaker", venue] = {"CLOSED": 0.0, "HALF_OPEN": 1.0}.get(breaker, 2.0)

    def venue_reconnected(self, venue: str) -> None:
        self.counts["reconnects", venue] += 1

    def venue_error(self, venue: str, code: str, *, rate_limited: bool) -> None:
        self.counts["venue_errors", venue, code] += 1
        if rate_limited:
            self.counts["rate_limit_hits", venue] += 1

    def trading_state(self, state: str) -> None:
        self.gauges["trading_state",] = {"ACTIVE": 0.0, "REDUCING": 1.0}.get(state, 2.0)

    def reconciliation(self, *, clean: bool, counts: Mapping[str, int]) -> None:
        self.reconciliations.append((clean, dict(counts)))

    def backtest_run(self, status: str, *, windows_loaded: int, bytes_read: int) -> None:
        self.counts["backtest_runs", status] += 1
        self.counts["windows_loaded",] += windows_loaded
        self.counts["bytes_read",] += bytes_read

    def http_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.counts["http_requests", method, route, str(status)] += 1
