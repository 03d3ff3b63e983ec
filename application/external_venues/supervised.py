"""An external venue under supervision: its own event stream merged with what polling finds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from decimal import Decimal

import attrs

from application.external_venues.ledger import EventLedger
from application.external_venues.policy import SupervisionPolicy
from domain.book import OrderBook
from domain.enums import OrderStatus
from domain.fill import Fill
from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import (
    OrderAccepted,
    OrderCanceled,
    OrderExpired,
    OrderFilled,
    OrderRejected,
    VenueEvent,
)
from domain.venue_state import SubmitAck, VenueOrderState, VenuePosition
from ports.clock import Clock
from ports.external_venue import ExternalVenue

log = logging.getLogger(__name__)
NS = 1_000_000_000


@attrs.define
class VenueHealth:
    """What the supervisor knows of a venue's connection and reconciliation."""

    connect_attempts: int = 0
    reconnects: int = 0
    last_error: str | None = None
    last_event_ns: int | None = None
    polls: int = 0
    last_poll_ns: int | None = None
    recovered_by_polling: int = 0


class SupervisedVenue:
    """Implements `ExternalVenue` by delegation. `events()` carries the venue's own stream
    plus whatever `poll_once` finds that the stream missed, each event once."""

    def __init__(self, inner: ExternalVenue, *, clock: Clock, policy: SupervisionPolicy) -> None:
        self.inner, self.policy, self._clock = inner, policy, clock
        self.health = VenueHealth()
        self._ledger = EventLedger()
        self._queue: asyncio.Queue[VenueEvent] = asyncio.Queue()
        self._last_poll_ns: int | None = None

    # -- the port, delegated ---------------------------------------------------------------
    @property
    def venue(self) -> Venue:
        return self.inner.venue

    @property
    def connected(self) -> bool:
        return self.inner.connected

    @property
    def state_survives_restart(self) -> bool:
        return self.inner.state_survives_restart

    async def connect(self) -> None:
        await self.inner.connect()

    async def reconnect(self) -> None:
        await self.inner.reconnect()

    async def disconnect(self) -> None:
        await self.inner.disconnect()

    async def submit(self, order: Order) -> SubmitAck:
        ack = await self.inner.submit(order)
        if ack.status.is_open:
            self._ledger.acknowledged(order.client_order_id)
        return ack

    async def edit(self, order: Order, *, quantity: Decimal, price: Decimal | None) -> SubmitAck:
        return await self.inner.edit(order, quantity=quantity, price=price)

    async def cancel(self, order: Order) -> None:
        await self.inner.cancel(order)

    async def cancel_all(self, instrument_key: str) -> int:
        return await self.inner.cancel_all(instrument_key)

    async def open_orders(self) -> list[VenueOrderState]:
        return await self.inner.open_orders()

    async def positions(self) -> list[VenuePosition]:
        return await self.inner.positions()

    async def order_status(self, client_order_id: ClientOrderId) -> VenueOrderState | None:
        return await self.inner.order_status(client_order_id)

    async def order_trades(self, client_order_id: ClientOrderId) -> list[Fill]:
        return await self.inner.order_trades(client_order_id)

    async def fills_since(self, ts_ns: int) -> list[OrderFilled]:
        return await self.inner.fills_since(ts_ns)

    async def subscribe_market_data(
        self, instrument_key: str, on_book: Callable[[OrderBook], None]
    ) -> None:
        await self.inner.subscribe_market_data(instrument_key, on_book)

    async def events(self) -> AsyncIterator[VenueEvent]:
        while True:
            yield await self._queue.get()

    # -- supervision -------------------------------------------------------------------------
    async def pump(self) -> None:
        """Forward the venue's own stream (runs as a task for the venue's lifetime)."""
        async for event in self.inner.events():
            self._offer(event)

    async def poll_once(self) -> int:
        """Recent fills, open orders and the end of orders no longer open, as events the
        stream did not carry. Returns how many were emitted."""
        started = self._clock.now_ns()
        since = (self._last_poll_ns or started) - int(self.policy.trade_lookback_seconds * NS)
        emitted = sum(self._offer(fill) for fill in await self.inner.fills_since(since))
        working = {state.client_order_id: state for state in await self.inner.open_orders()}
        for state in working.values():
            if state.venue_order_id is not None:
                accepted = OrderAccepted(
                    venue=state.venue,
                    client_order_id=state.client_order_id,
                    venue_order_id=state.venue_order_id,
                    ts_event=started,
                )
                emitted += self._offer(accepted)
        for cid in sorted(self._ledger.open - working.keys()):
            state = await self.inner.order_status(cid)
            if state is not None:
                emitted += self._offer_end(state, started)
        self._last_poll_ns = started
        self.health.polls += 1
        self.health.last_poll_ns = started
        self.health.recovered_by_polling += emitted
        return emitted

    def _offer_end(self, state: VenueOrderState, ts: int) -> int:
        venue, cid = state.venue, state.client_order_id
        end: VenueEvent
        if state.status is OrderStatus.FILLED:
            self._ledger.finished(cid)
            return 0
        if state.status is OrderStatus.CANCELED:
            end = OrderCanceled(venue=venue, client_order_id=cid, ts_event=ts)
        elif state.status is OrderStatus.EXPIRED:
            end = OrderExpired(venue=venue, client_order_id=cid, ts_event=ts)
        elif state.status is OrderStatus.REJECTED:
            end = OrderRejected(
                venue=venue, client_order_id=cid, reason="rejected by the venue", ts_event=ts
            )
        else:
            return 0  # still working: it will show among the open orders next time
        return self._offer(end, filled=state.filled_quantity)

    def _offer(self, event: VenueEvent, *, filled: Decimal | None = None) -> int:
        out = self._ledger.admit(event, filled=filled)
        for admitted in out:
            self._queue.put_nowait(admitted)
        if out:
            self.health.last_event_ns = self._clock.now_ns()
        return len(out)
