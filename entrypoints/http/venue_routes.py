"""GET /api/venues: connection state, breaker state and fees of every venue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency

from application.execution.venue_registry import VenueRegistry
from application.oms.event_pump import VenueEventPump
from application.routing.circuit_breaker import CircuitBreakers


class VenueController(Controller):
    path = "/api/venues"

    @get("/", sync_to_thread=False)
    def venues(
        self,
        venues: NamedDependency[VenueRegistry],
        breakers: NamedDependency[CircuitBreakers],
        pump: NamedDependency[VenueEventPump],
    ) -> list[dict[str, Any]]:
        out = []
        for adapter in venues.all():
            spec = adapter.venue
            health = getattr(adapter, "health", None)  # supervised external venues report more
            out.append(
                {
                    "venue_id": spec.venue_id,
                    "kind": spec.kind.value,
                    "connected": adapter.connected,
                    "breaker": breakers.state(spec.venue_id).value,
                    "consecutive_failures": breakers.consecutive_failures(spec.venue_id),
                    "maker_fee": format(spec.maker_fee, "f"),
                    "taker_fee": format(spec.taker_fee, "f"),
                    "instruments": sorted(spec.instruments),
                    "last_event_at": _iso(pump.last_event_at.get(spec.venue_id)),
                    "events_applied": pump.events_applied.get(spec.venue_id, 0),
                    "reconnects": getattr(health, "reconnects", None),
                    "last_error": getattr(health, "last_error", None),
                }
            )
        return out


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
