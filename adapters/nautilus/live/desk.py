"""Between our venues and the node: event queues, answers and positions per venue."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

from nautilus_trader.model.events import OrderAccepted as NAccepted
from nautilus_trader.model.events import OrderFilled as NFilled

from adapters.nautilus.live import mapping
from adapters.nautilus.live.answers import PendingAnswers
from adapters.nautilus.live.config import NautilusVenueConfig
from adapters.nautilus.live.contract_sizes import ONE, ContractSizes
from adapters.nautilus.live.mapping import OrderRef
from adapters.nautilus.live.positions import NodePositions
from domain.book import OrderBook
from domain.fill import Fill
from domain.ids import OperationId
from domain.order import Order
from domain.venue_events import VenueEvent
from domain.venue_state import SubmitAck, VenuePosition

BookSink = Callable[[str, OrderBook], None]


def _nothing(_: str) -> None:
    return None


class OrderDesk:
    """Turns the node's order events into domain events on one queue per venue (fills of
    an algorithm's children count as our order's), answers submits and cancels, keeps
    positions from position events and hands quotes on as books. It outlives the nodes:
    a venue's queue stays the same across restarts."""

    def __init__(self) -> None:
        self._queues: dict[str, asyncio.Queue[VenueEvent]] = {}
        self._books: dict[str, BookSink | None] = {}
        self._listing: dict[str, tuple[str, str]] = {}  # nautilus id -> (venue, our key)
        self._refs: dict[str, OrderRef] = {}
        self.answers = PendingAnswers(_nothing)
        self.positions = NodePositions()
        self.sizes = ContractSizes()

    def add_venue(self, config: NautilusVenueConfig, on_book: BookSink | None) -> None:
        self._queues[config.venue_id] = asyncio.Queue()
        self._books[config.venue_id] = on_book
        self.positions.add_venue(config.venue_id)
        for key, nautilus_id in config.instrument_ids.items():
            self._listing.setdefault(nautilus_id, (config.venue_id, key))

    def attach(
        self,
        lookup: Callable[[str], Any],
        open_positions: Iterable[Any],
        instruments: Iterable[Any] = (),
    ) -> None:
        """A started node: its orders by client order id, its positions so far, and its
        instruments' contract sizes."""
        self.sizes.learn(instruments)
        self.answers.lookup = lookup
        self.positions.clear()
        for position in open_positions:
            self.on_position_event(position)

    def detach(self) -> None:
        """The node stopped: whoever still waits for an answer hears it will not come."""
        self.answers.lookup = _nothing
        self.answers.fail_all("the TradingNode stopped")

    # -- calls from our venues -----------------------------------------------------------
    async def submit(
        self, config: NautilusVenueConfig, order: Order, send: Callable[[], None]
    ) -> SubmitAck:
        cid = order.client_order_id
        nautilus_id = config.instrument_ids.get(order.listing, "")
        self._refs[cid] = OrderRef(
            venue_id=config.venue_id,
            operation_id=order.operation_id,
            instrument_key=order.instrument_key,
            contract_size=self.sizes.of(nautilus_id),
        )
        timeout = config.options.submit_timeout_s
        return await self.answers.submit(config.venue_id, cid, send, timeout)

    async def cancel(
        self, config: NautilusVenueConfig, order: Order, send: Callable[[], None]
    ) -> None:
        timeout = config.options.submit_timeout_s
        await self.answers.cancel(config.venue_id, order.client_order_id, send, timeout)

    def trades_of(
        self, venue_id: str, cid: str, instrument_key: str, orders: list[Any]
    ) -> list[Fill]:
        """The fills of our order `cid` (and of its slices) as the node recorded them; an
        order we did not send here (reconciled) is its own operation, as on the stream."""
        ref = self._refs.get(cid) or OrderRef(
            venue_id=venue_id,
            operation_id=OperationId(cid),
            instrument_key=instrument_key,
            contract_size=self.sizes.of(orders[0].instrument_id.value) if orders else ONE,
        )
        return mapping.fills_of(ref, orders)

    def venue_positions(self, venue_id: str) -> list[VenuePosition]:
        return self.positions.of(venue_id)

    async def events(self, venue_id: str) -> AsyncIterator[VenueEvent]:
        queue = self._queues[venue_id]
        while True:
            yield await queue.get()

    # -- from the node's message bus -----------------------------------------------------
    def on_order_event(self, event: Any) -> None:
        cid = event.client_order_id.value
        primary = self._spawned_from(cid)
        if primary is not None:
            # A child an execution algorithm spawned: its fills (and first acceptance) are
            # our order's; its own end is not (the algorithm carries on with the next).
            if not isinstance(event, NFilled | NAccepted):
                return
            cid = primary
        ref = self._refs.get(cid) or self._ref_by_listing(event)
        if ref is None:
            return
        domain = mapping.venue_event_of(ref, cid, event)
        if domain is not None:
            self._queues[ref.venue_id].put_nowait(domain)
        # The ref stays after the order closed: its trades are still asked for by id.
        self.answers.on_event(cid, event, domain)

    def on_position_event(self, event: Any) -> None:
        route = self._listing.get(event.instrument_id.value)
        if route is not None:
            size = self.sizes.of(event.instrument_id.value)
            self.positions.apply(route[0], route[1], event, size)

    def on_quote(self, quote: Any) -> None:
        route = self._listing.get(quote.instrument_id.value)
        sink = self._books.get(route[0]) if route else None
        if route is not None and sink is not None:
            size = self.sizes.of(quote.instrument_id.value)
            sink(route[0], mapping.book_of(route[1], quote, size))

    # -- internals -----------------------------------------------------------------------
    def _spawned_from(self, cid: str) -> str | None:
        if cid in self._refs:
            return None
        order = self.answers.lookup(cid)
        spawn = order.exec_spawn_id if order is not None else None
        if spawn is None or spawn.value == cid or spawn.value not in self._refs:
            return None
        return spawn.value

    def _ref_by_listing(self, event: Any) -> OrderRef | None:
        """An order we did not send (reconciled from the exchange): attributed by listing."""
        route = self._listing.get(event.instrument_id.value)
        if route is None:
            return None
        operation_id = OperationId(event.client_order_id.value)
        return OrderRef(
            venue_id=route[0],
            operation_id=operation_id,
            instrument_key=route[1],
            contract_size=self.sizes.of(event.instrument_id.value),
        )
