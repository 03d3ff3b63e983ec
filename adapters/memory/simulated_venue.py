"""A simulated venue with a real matching model against a configurable book."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from decimal import Decimal

import attrs

from adapters.memory.market_data import InMemoryMarketData
from adapters.memory.venue_faults import FaultPlan
from domain.book import BookLevel, OrderBook
from domain.enums import LiquiditySide, OrderSide, OrderStatus, OrderType
from domain.errors import VenueError
from domain.fill import Fill
from domain.ids import ClientOrderId, FillId, VenueOrderId, VenueTradeId
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import OrderCanceled, OrderFilled, VenueEvent
from domain.venue_state import SubmitAck, VenueOrderState, VenuePosition
from ports.clock import Clock

ZERO = Decimal(0)


class SimulatedVenue:
    """Market orders walk (and consume) the book, the unfilled rest is canceled; limit orders
    take what crosses and rest; `trade_against` fills resting orders. Fills are answered in
    the submit ack and echoed on the event stream (consumers must dedupe)."""

    def __init__(
        self,
        venue: Venue,
        clock: Clock,
        *,
        market_data: InMemoryMarketData | None = None,
        latency_seconds: float = 0.0,
        echo_fills: bool = True,
        survives_restart: bool = True,
    ) -> None:
        self._venue, self._clock, self._market_data = venue, clock, market_data
        self._latency, self._echo = latency_seconds, echo_fills
        self.survives_restart = survives_restart
        self._books: dict[str, dict[OrderSide, list[list[Decimal]]]] = {}
        self._orders: dict[ClientOrderId, VenueOrderState] = {}
        self._trades: dict[ClientOrderId, list[Fill]] = {}
        self._resting: dict[ClientOrderId, Order] = {}
        self._positions: dict[str, Decimal] = {}
        self._queue: asyncio.Queue[VenueEvent] = asyncio.Queue()
        self._ids = itertools.count(1)
        self.faults = FaultPlan()
        self._connected = False
        self.submitted: list[ClientOrderId] = []

    @property
    def venue(self) -> Venue:
        return self._venue

    @property
    def state_survives_restart(self) -> bool:
        """By default the simulator lives on while the service restarts (its own process in
        the proofs); `survives_restart=False` plays a paper venue that starts empty."""
        return self.survives_restart

    @property
    def connected(self) -> bool:
        return self._connected and not self.faults.down

    async def connect(self) -> None:
        self._connected = True

    async def disconnect(self) -> None:
        self._connected = False

    def set_book(self, book: OrderBook) -> None:
        """Replace the visible book of one instrument (also published as market data)."""
        self._books[book.instrument_key] = {
            OrderSide.BUY: [[lvl.price, lvl.size] for lvl in book.asks],
            OrderSide.SELL: [[lvl.price, lvl.size] for lvl in book.bids],
        }
        self._publish_book(book.instrument_key)

    def book(self, instrument_key: str) -> OrderBook:
        levels = self._books.get(instrument_key, {OrderSide.BUY: [], OrderSide.SELL: []})
        return OrderBook(
            instrument_key=instrument_key,
            asks=tuple(BookLevel(price=p, size=s) for p, s in levels[OrderSide.BUY] if s > 0),
            bids=tuple(BookLevel(price=p, size=s) for p, s in levels[OrderSide.SELL] if s > 0),
            ts_event=self._clock.now_ns(),
        )

    def _publish_book(self, instrument_key: str) -> None:
        if self._market_data is not None:
            self._market_data.set_book(self._venue.venue_id, self.book(instrument_key))

    async def submit(self, order: Order) -> SubmitAck:
        self.faults.before_submit(self._venue.venue_id, connected=self.connected)
        if self._latency:
            await self._clock.sleep(self._latency)
        venue = self._venue
        if order.quantity < venue.min_size or (venue.max_size and order.quantity > venue.max_size):
            raise VenueError(
                venue.venue_id,
                "SIZE",
                f"quantity {order.quantity} outside [{venue.min_size}, {venue.max_size}]",
                retryable=False,
            )
        if order.listing not in venue.instruments:
            raise VenueError(
                venue.venue_id,
                "INSTRUMENT",
                f"{order.listing} is not listed",
                retryable=False,
            )
        self.submitted.append(order.client_order_id)
        venue_order_id = VenueOrderId(f"{venue.venue_id}-{next(self._ids)}")
        limit = order.price if order.order_type is OrderType.LIMIT else None
        fills = self._match(order, order.quantity, limit, LiquiditySide.TAKER)
        filled = sum((f.quantity for f in fills), ZERO)
        if filled == order.quantity:
            status = OrderStatus.FILLED
        elif order.order_type is OrderType.MARKET:
            status = OrderStatus.CANCELED
        else:
            status = OrderStatus.PARTIALLY_FILLED if filled else OrderStatus.ACCEPTED
            self._resting[order.client_order_id] = order
        self._record(order, venue_order_id, filled, status, fills)
        for fill in fills if self._echo else ():
            self._queue.put_nowait(
                OrderFilled(
                    venue=venue.venue_id,
                    fill=fill,
                    client_order_id=order.client_order_id,
                    venue_order_id=venue_order_id,
                )
            )
        self.faults.after_submit(venue.venue_id)
        return SubmitAck(venue_order_id=venue_order_id, status=status, fills=tuple(fills))

    def _match(
        self, order: Order, quantity: Decimal, limit: Decimal | None, liquidity: LiquiditySide
    ) -> list[Fill]:
        levels = self._books.get(order.listing, {}).get(order.side, [])
        fills, remaining = [], quantity
        for level in levels:
            price, size = level
            if remaining <= 0:
                break
            if size <= 0:
                continue
            if limit is not None and (
                price > limit if order.side is OrderSide.BUY else price < limit
            ):
                break
            take = min(size, remaining)
            level[1] -= take
            remaining -= take
            fills.append(self._fill(order, take, price, liquidity))
        if fills:
            self._publish_book(order.listing)
        return fills

    def _fill(
        self, order: Order, quantity: Decimal, price: Decimal, liquidity: LiquiditySide
    ) -> Fill:
        rate = self._venue.taker_fee if liquidity is LiquiditySide.TAKER else self._venue.maker_fee
        n = next(self._ids)
        self._positions[order.listing] = (
            self._positions.get(order.listing, ZERO) + quantity * order.side.sign
        )
        return Fill(
            fill_id=FillId(f"{self._venue.venue_id}-F{n}"),
            operation_id=order.operation_id,
            venue=self._venue.venue_id,
            venue_trade_id=VenueTradeId(f"T{n}"),
            instrument_key=order.instrument_key,
            side=order.side,
            quantity=quantity,
            price=price,
            fee=quantity * price * rate,
            fee_currency=self._venue.fee_currency,
            ts_event=self._clock.now_ns(),
            liquidity=liquidity,
        )

    def _record(
        self,
        order: Order,
        venue_order_id: VenueOrderId | None,
        filled: Decimal,
        status: OrderStatus,
        fills: list[Fill],
    ) -> None:
        previous = self._orders.get(order.client_order_id)
        self._trades.setdefault(order.client_order_id, []).extend(fills)
        total = filled + (previous.filled_quantity if previous else ZERO)
        self._orders[order.client_order_id] = VenueOrderState(
            venue=self._venue.venue_id,
            client_order_id=order.client_order_id,
            venue_order_id=venue_order_id or (previous.venue_order_id if previous else None),
            instrument_key=order.listing,
            side=order.side,
            order_type=order.order_type,
            quantity=order.quantity,
            filled_quantity=total,
            status=status,
            price=order.price,
            avg_fill_price=fills[-1].price
            if fills
            else (previous.avg_fill_price if previous else None),
        )

    async def trade_against(self, instrument_key: str, price: Decimal, quantity: Decimal) -> int:
        """A market trade at `price`: fills resting orders that it crosses, oldest first."""
        events = 0
        for cid, order in list(self._resting.items()):
            if order.listing != instrument_key or quantity <= 0:
                continue
            crosses = price <= order.price if order.side is OrderSide.BUY else price >= order.price
            state = self._orders[cid]
            if not crosses:
                continue
            take = min(quantity, state.quantity - state.filled_quantity)
            quantity -= take
            fill = self._fill(order, take, order.price, LiquiditySide.MAKER)
            done = state.filled_quantity + take == state.quantity
            self._record(
                order,
                None,
                take,
                OrderStatus.FILLED if done else OrderStatus.PARTIALLY_FILLED,
                [fill],
            )
            if done:
                del self._resting[cid]
            self._queue.put_nowait(
                OrderFilled(
                    venue=self._venue.venue_id,
                    client_order_id=cid,
                    fill=fill,
                    venue_order_id=state.venue_order_id,
                )
            )
            events += 1
        return events

    async def cancel(self, order: Order) -> None:
        self.faults.before_cancel(self._venue.venue_id, connected=self.connected)
        resting = self._resting.pop(order.client_order_id, None)
        if resting is None:
            raise VenueError(
                self._venue.venue_id,
                "ORDER_NOT_OPEN",
                f"order {order.client_order_id} is not open",
                retryable=False,
            )
        state = self._orders[order.client_order_id]
        self._orders[order.client_order_id] = _with_status(state, OrderStatus.CANCELED)
        self._queue.put_nowait(
            OrderCanceled(
                venue=self._venue.venue_id,
                client_order_id=order.client_order_id,
                ts_event=self._clock.now_ns(),
            )
        )

    async def open_orders(self) -> list[VenueOrderState]:
        return [self._orders[cid] for cid in self._resting]

    async def positions(self) -> list[VenuePosition]:
        return [
            VenuePosition(venue=self._venue.venue_id, instrument_key=k, quantity=q)
            for k, q in sorted(self._positions.items())
            if q
        ]

    async def order_status(self, client_order_id: ClientOrderId) -> VenueOrderState | None:
        self.faults.before_query(self._venue.venue_id, connected=self.connected)
        return self._orders.get(client_order_id)

    async def order_trades(self, client_order_id: ClientOrderId) -> list[Fill]:
        self.faults.before_query(self._venue.venue_id, connected=self.connected)
        return list(self._trades.get(client_order_id, ()))

    def all_trades(self) -> list[Fill]:
        """Every trade the venue made for us, in order (what a venue statement would list)."""
        return [fill for fills in self._trades.values() for fill in fills]

    async def events(self) -> AsyncIterator[VenueEvent]:
        while True:
            yield await self._queue.get()

    def pending_events(self) -> int:
        return self._queue.qsize()


def _with_status(state: VenueOrderState, status: OrderStatus) -> VenueOrderState:
    return attrs.evolve(state, status=status)


def _beyond(side: OrderSide, price: Decimal, limit: Decimal) -> bool:
    return price > limit if side is OrderSide.BUY else price < limit
