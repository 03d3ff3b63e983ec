"""Execution venue port: where orders go (NautilusTrader node, external SDK, simulator)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import VenueEvent
from domain.venue_state import SubmitAck, VenueOrderState, VenuePosition


class ExecutionVenue(Protocol):
    """One connected venue. Failures raise `domain.errors.VenueError`."""

    @property
    def venue(self) -> Venue: ...

    @property
    def connected(self) -> bool: ...

    async def connect(self) -> None: ...

    async def disconnect(self) -> None: ...

    async def submit(self, order: Order) -> SubmitAck: ...

    async def cancel(self, order: Order) -> None: ...

    async def open_orders(self) -> list[VenueOrderState]: ...

    async def positions(self) -> list[VenuePosition]: ...

    async def order_status(self, client_order_id: ClientOrderId) -> VenueOrderState | None: ...

    def events(self) -> AsyncIterator[VenueEvent]: ...
