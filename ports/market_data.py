"""Market data port: visible books and reference prices for routing and risk."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from domain.book import OrderBook


class MarketData(Protocol):
    """Latest known book per venue and instrument."""

    def book(self, venue: str, instrument_key: str) -> OrderBook | None: ...

    def reference_price(self, instrument_key: str) -> Decimal | None: ...
