"""Execution venue port: where orders go (NautilusTrader node, external SDK, simulator)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from domain.fill import Fill
from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import VenueEvent
from domain.venue_state import SubmitAck, VenueOrderState, VenuePosition


class ExecutionVenue(Protocol):
    """One connected venue. Failures raise `domain.errors.VenueError`; a submit or cancel whose
    answer was lost and could not be settled by asking the venue raises `VenueOutcomeUnknown`."""

    @property
    def venue(self) -> Venue: ...

    @property
    def connected(self) -> bool: ...

    @property
    def state_survives_restart(self) -> bool:
        """False for a venue (e.g. a paper sandbox) that starts empty whenever the service
        starts: its stored open orders cannot be asked for and are expired at start-up."""
        ...

    async def connect(self) -> None: ...

    async def disconnect(self) -> None: ...

    async def submit(self, order: Order) -> SubmitAck: ...

    async def cancel(self, order: Order) -> None: ...

    async def open_orders(self) -> list[VenueOrderState]: ...

    async def positions(self) -> list[VenuePosition]: ...

    async def order_status(self, client_order_id: ClientOrderId) -> VenueOrderState | None:
        """The venue's view of one of our orders, found by our client order id (the label);
        None only when the venue says it has no such order."""
        ...

    async def order_trades(self, client_order_id: ClientOrderId) -> list[Fill]:
        """The venue's own trades of one of our orders, with the venue's trade ids, so that a
        fill recovered after an outage dedupes against the same trade arriving live."""
        ...

    def events(self) -> AsyncIterator[VenueEvent]: ...
