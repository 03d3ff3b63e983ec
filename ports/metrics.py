"""Metrics port: what the service counts and times, in trading terms (no Prometheus type)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Protocol


class OrderStage(StrEnum):
    """The timed steps of the order path."""

    RISK = "risk"
    ROUTE = "route"
    VENUE_ACK = "venue_ack"
    END_TO_END = "end_to_end"


class Metrics(Protocol):
    """Counters, gauges and latencies of the live and backtest services; must not raise."""

    def order_stage(self, stage: OrderStage, seconds: float) -> None: ...

    def order_event(self, status: str, venue: str | None) -> None: ...

    def risk_rejected(self, code: str) -> None: ...

    def fill(self, venue: str) -> None: ...

    def venue_state(self, venue: str, *, connected: bool, breaker: str) -> None: ...

    def venue_reconnected(self, venue: str) -> None: ...

    def venue_error(self, venue: str, code: str, *, rate_limited: bool) -> None: ...

    def trading_state(self, state: str) -> None: ...

    def reconciliation(self, *, clean: bool, counts: Mapping[str, int]) -> None: ...

    def backtest_run(self, status: str, *, windows_loaded: int, bytes_read: int) -> None: ...

    def http_request(self, method: str, route: str, status: int, seconds: float) -> None: ...
