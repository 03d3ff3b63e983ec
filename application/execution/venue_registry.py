"""The venues this service can trade on: their descriptions and connected adapters."""

from __future__ import annotations

from domain.venue import Venue
from ports.execution_venue import ExecutionVenue


class UnknownVenue(KeyError):
    """A venue id that is not configured."""


class VenueRegistry:
    """Adapters by venue id, in configuration order."""

    def __init__(self, venues: list[ExecutionVenue] | None = None) -> None:
        self._venues: dict[str, ExecutionVenue] = {}
        for venue in venues or []:
            self.register(venue)

    def register(self, venue: ExecutionVenue) -> None:
        self._venues[venue.venue.venue_id] = venue

    def get(self, venue_id: str) -> ExecutionVenue:
        try:
            return self._venues[venue_id]
        except KeyError:
            raise UnknownVenue(venue_id) from None

    def specs(self) -> list[Venue]:
        return [adapter.venue for adapter in self._venues.values()]

    def is_connected(self, venue_id: str) -> bool:
        adapter = self._venues.get(venue_id)
        return adapter is not None and adapter.connected

    def all(self) -> list[ExecutionVenue]:
        return list(self._venues.values())

    def __contains__(self, venue_id: object) -> bool:
        return venue_id in self._venues
