"""Each nautilus venue's positions, kept current by the node's position events."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from adapters.nautilus.live import mapping
from domain.venue_state import VenuePosition


class NodePositions:
    """Open nautilus positions (one per strategy and instrument when netting) by venue,
    summed per instrument when asked; a closed position drops out."""

    def __init__(self) -> None:
        self._lots: dict[str, dict[str, tuple[str, Decimal, Decimal]]] = {}

    def add_venue(self, venue_id: str) -> None:
        self._lots[venue_id] = {}

    def clear(self) -> None:
        for lots in self._lots.values():
            lots.clear()

    def apply(
        self, venue_id: str, instrument_key: str, position: Any, size: Decimal = Decimal(1)
    ) -> None:
        """A position event (or an open position read from the cache, same fields); `size`:
        our units per unit of the node's quantity."""
        quantity = mapping.signed_quantity(position, size)
        # Events carry `position_id` (their `id` is the event's); positions carry `id`.
        position_id = getattr(position, "position_id", None) or position.id
        lots = self._lots[venue_id]
        if quantity:
            entry = mapping.decimal_of(position.avg_px_open)
            lots[position_id.value] = (instrument_key, quantity, entry)
        else:
            lots.pop(position_id.value, None)

    def of(self, venue_id: str) -> list[VenuePosition]:
        by_key: dict[str, list[tuple[Decimal, Decimal]]] = {}
        for key, quantity, entry in self._lots[venue_id].values():
            by_key.setdefault(key, []).append((quantity, entry))
        found = [mapping.position_of(venue_id, key, lots) for key, lots in sorted(by_key.items())]
        return [position for position in found if position.quantity]
