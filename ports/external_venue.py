"""External venue port: a venue outside NautilusTrader, reached through its own API/SDK."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Protocol

from domain.book import OrderBook
from domain.order import Order
from domain.venue_events import OrderFilled
from domain.venue_state import SubmitAck
from ports.execution_venue import ExecutionVenue


class ExternalVenue(ExecutionVenue, Protocol):
    """An `ExecutionVenue` whose connection can drop: `reconnect` restores it and replays on
    `events()` whatever happened meanwhile. Failures raise `domain.errors.VenueError`."""

    async def reconnect(self) -> None: ...

    async def edit(
        self, order: Order, *, quantity: Decimal, price: Decimal | None
    ) -> SubmitAck: ...

    async def cancel_all(self, instrument_key: str) -> int: ...

    async def fills_since(self, ts_ns: int) -> list[OrderFilled]:
        """Our fills since `ts_ns`, each with the client order id it belongs to."""
        ...

    async def subscribe_market_data(
        self, instrument_key: str, on_book: Callable[[OrderBook], None]
    ) -> None: ...
