"""`MeteredVenue`: a venue that times acknowledgements, counts errors and reconnects."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

from structlog.contextvars import bind_contextvars

from application.execution.venue_registry import VenueRegistry
from domain.errors import VenueError
from domain.fill import Fill
from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import VenueEvent
from domain.venue_state import SubmitAck, VenueOrderState, VenuePosition
from ports.execution_venue import ExecutionVenue
from ports.metrics import Metrics, OrderStage

RATE_LIMIT_CODES = frozenset({"10028", "429", "RATE_LIMITED", "TOO_MANY_REQUESTS"})


def is_rate_limited(error: VenueError) -> bool:
    text = error.message.lower()
    return error.code in RATE_LIMIT_CODES or "rate limit" in text or "too many requests" in text


class MeteredVenue:
    """Implements `ports.execution_venue.ExecutionVenue` around another one. A reconnect is
    counted when the venue is seen connected after it was seen down (by the router, the
    scrape or `connect`), whoever reconnected it (the venue itself, its supervisor)."""

    def __init__(self, inner: ExecutionVenue, metrics: Metrics) -> None:
        self._inner, self._metrics = inner, metrics
        self._id = inner.venue.venue_id
        self._seen_up = self._was_down = False

    @property
    def inner(self) -> ExecutionVenue:
        return self._inner

    @property
    def venue(self) -> Venue:
        return self._inner.venue

    @property
    def connected(self) -> bool:
        connected = self._inner.connected
        if connected and self._was_down and self._seen_up:
            self._metrics.venue_reconnected(self._id)
        self._was_down = not connected
        self._seen_up = self._seen_up or connected
        return connected

    async def connect(self) -> None:
        await self._guarded(self._inner.connect())
        _ = self.connected

    async def disconnect(self) -> None:
        await self._inner.disconnect()
        _ = self.connected

    async def submit(self, order: Order) -> SubmitAck:
        bind_contextvars(
            operation_id=order.operation_id, client_order_id=order.client_order_id, venue=self._id
        )
        started = time.perf_counter()
        try:
            return await self._guarded(self._inner.submit(order))
        finally:
            self._metrics.order_stage(OrderStage.VENUE_ACK, time.perf_counter() - started)

    async def cancel(self, order: Order) -> None:
        bind_contextvars(
            operation_id=order.operation_id, client_order_id=order.client_order_id, venue=self._id
        )
        await self._guarded(self._inner.cancel(order))

    async def open_orders(self) -> list[VenueOrderState]:
        return await self._guarded(self._inner.open_orders())

    async def positions(self) -> list[VenuePosition]:
        return await self._guarded(self._inner.positions())

    async def order_status(self, client_order_id: ClientOrderId) -> VenueOrderState | None:
        return await self._guarded(self._inner.order_status(client_order_id))

    async def order_trades(self, client_order_id: ClientOrderId) -> list[Fill]:
        return await self._guarded(self._inner.order_trades(client_order_id))

    async def events(self) -> AsyncIterator[VenueEvent]:
        """The venue's events; the consumer's logs name the venue and the order of each."""
        async for event in self._inner.events():
            bind_contextvars(venue=event.venue, client_order_id=event.client_order_id)
            yield event

    async def _guarded(self, call: Any) -> Any:
        try:
            return await call
        except VenueError as error:
            self._metrics.venue_error(self._id, error.code, rate_limited=is_rate_limited(error))
            raise

    def __getattr__(self, name: str) -> Any:  # adapter-specific extras (replay feeds, node)
        return getattr(self._inner, name)


def metered_registry(venues: VenueRegistry, metrics: Metrics) -> VenueRegistry:
    """The same venues, in the same order, each behind a `MeteredVenue`."""
    return VenueRegistry([MeteredVenue(venue, metrics) for venue in venues.all()])
