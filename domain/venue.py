"""A trading venue as the router sees it: kind, fees, latency, sizes and instruments."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import attrs

from domain.enums import VenueKind
from domain.instrument_key import InstrumentKey


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
        return self.listing_for(instrument_key) is not None

    def listing_for(self, instrument_key: str) -> str | None:
        """This venue's own key for the instrument (or a fungible equivalent of it)."""
        if instrument_key in self.instruments:
            return instrument_key
        return _listings_by_identity(self.instruments).get(_identity(instrument_key))


@lru_cache(maxsize=256)
def _listings_by_identity(instruments: frozenset[str]) -> dict[str, str]:
    return {_identity(key): key for key in sorted(instruments)}


@lru_cache(maxsize=4096)
def _identity(instrument_key: str) -> str:
    return InstrumentKey.parse(instrument_key).identity
