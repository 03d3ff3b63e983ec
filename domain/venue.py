"""A trading venue as the router sees it: kind, fees, latency, sizes and instruments."""

from __future__ import annotations

from decimal import Decimal

import attrs

from domain.enums import VenueKind


@attrs.frozen(kw_only=True)
class Venue:
    """Static description of one venue; fees are rates (0.0004 = 4 bps)."""

    venue_id: str
    kind: VenueKind
    maker_fee: Decimal = Decimal(0)
    taker_fee: Decimal = Decimal(0)
    latency_ms: Decimal = Decimal(0)
    min_size: Decimal = Decimal(0)
    max_size: Decimal | None = None
    instruments: frozenset[str] = frozenset()
    fee_currency: str = "USDT"

    def lists(self, instrument_key: str) -> bool:
        return instrument_key in self.instruments
