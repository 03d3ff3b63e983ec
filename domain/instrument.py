"""An instrument as the instruments file lists it: trading rules, assets and availability."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from domain.instrument_key import InstrumentKey, InstrumentType


@attrs.frozen(kw_only=True)
class Instrument:
    """One listing on one day; sizes and ticks in Decimal, availability in UTC."""

    key: InstrumentKey
    venue: str
    instrument_type: InstrumentType
    symbol: str
    base_asset: str
    quote_asset: str
    settle_asset: str
    tick_size: Decimal
    min_size: Decimal
    contract_size: Decimal
    inverse: bool
    available_from: datetime
    available_to: datetime
    data_types: frozenset[str]

    def available_at(self, moment: datetime) -> bool:
        return self.available_from <= moment < self.available_to
