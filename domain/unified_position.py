"""Positions of one instrument aggregated across venues."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from domain.enums import VenueKind
from domain.position import ZERO, Position


@attrs.define(kw_only=True)
class UnifiedPosition:
    """Per-venue netting positions of one canonical instrument and their aggregate."""

    instrument_key: str
    base_asset: str
    venues: dict[str, Position] = attrs.field(factory=dict)
    venue_types: dict[str, VenueKind] = attrs.field(factory=dict)
    current_price: Decimal | None = None
    updated_at: datetime | None = None

    def at(self, venue: str, kind: VenueKind, *, inverse: bool = False) -> Position:
        position = self.venues.get(venue)
        if position is None:
            position = Position(instrument_key=self.instrument_key, venue=venue, inverse=inverse)
            self.venues[venue] = position
            self.venue_types[venue] = kind
        return position

    @property
    def aggregated_quantity(self) -> Decimal:
        return sum((p.quantity for p in self.venues.values()), ZERO)

    @property
    def average_entry_price(self) -> Decimal:
        open_positions = [p for p in self.venues.values() if p.quantity]
        total = sum((abs(p.quantity) for p in open_positions), ZERO)
        if not total:
            return ZERO
        return sum((abs(p.quantity) * p.avg_entry_price for p in open_positions), ZERO) / total

    @property
    def realized_pnl(self) -> Decimal:
        return sum((p.realized_pnl for p in self.venues.values()), ZERO)

    @property
    def fees(self) -> Decimal:
        return sum((p.fees for p in self.venues.values()), ZERO)

    def unrealized_pnl(self, mark: Decimal | None = None) -> Decimal:
        price = mark if mark is not None else self.current_price
        return sum((p.unrealized_pnl(price) for p in self.venues.values()), ZERO)
