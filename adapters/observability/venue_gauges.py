"""Gauges read at scrape time: venue connection, circuit breakers, the kill switch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ports.metrics import Metrics


class VenueGauges:
    """A scrape hook; the services are asked for lazily, so a scrape builds nothing early."""

    def __init__(
        self,
        metrics: Metrics,
        *,
        venues: Callable[[], Any],
        breakers: Callable[[], Any],
        risk: Callable[[], Any],
    ) -> None:
        self._metrics = metrics
        self._venues, self._breakers, self._risk = venues, breakers, risk

    def __call__(self) -> None:
        breakers = self._breakers()
        for venue in self._venues().all():
            venue_id = venue.venue.venue_id
            self._metrics.venue_state(
                venue_id, connected=venue.connected, breaker=str(breakers.state(venue_id))
            )
        self._metrics.trading_state(str(self._risk().view().trading_state))
