"""An external venue for supervisor tests: a simulated venue with a flaky connection."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from decimal import Decimal

from adapters.memory.simulated_venue import SimulatedVenue
from domain.book import BookLevel, OrderBook
from domain.enums import VenueKind
from domain.errors import VenueError
from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import OrderFilled, VenueEvent
from domain.venue_state import SubmitAck, VenueOrderState, VenuePosition
from ports.clock import Clock

FLAKY_KEY = "DERIBIT:PERPETUAL:BTC-USD@INV"


class FlakyVenue:
    """Implements `ExternalVenue`. `failing_connects` connects fail first; `losing_events`
    makes the stream swallow events; `connect_times_ns` records every attempt."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        spec = Venue(
            venue_id="FLAKY", kind=VenueKind.EXTERNAL_SDK, instruments=frozenset({FLAKY_KEY})
        )
        self.sim = SimulatedVenue(spec, clock)
        self.sim.set_book(
            OrderBook(
                instrument_key=FLAKY_KEY,
                asks=(BookLevel(price=Decimal(100), size=Decimal(10)),),
                bids=(BookLevel(price=Decimal(99), size=Decimal(10)),),
            )
        )
        self.up = False
        self.failing_connects = 0
        self.losing_events = False
        self.connect_times_ns: list[int] = []
        self._fills: list[OrderFilled] = []

    @property
    def venue(self) -> Venue:
        return self.sim.venue

    @property
    def connected(self) -> bool:
        return self.up

    async def connect(self) -> None:
        self.connect_times_ns.append(self._clock.now_ns())
        if self.failing_connects:
            self.failing_connects -= 1
            raise VenueError("FLAKY", "DOWN", "connection refused", retryable=True)
        await self.sim.connect()
        self.up = True

    async def reconnect(self) -> None:
        await self.connect()

    async def disconnect(self) -> None:
        self.up = False

    async def submit(self, order: Order) -> SubmitAck:
        return await self.sim.submit(order)

    async def edit(self, order: Order, *, quantity: Decimal, price: Decimal | None) -> SubmitAck:
        raise VenueError("FLAKY", "UNSUPPORTED", "no amendments", retryable=False)

    async def cancel(self, order: Order) -> None:
        await self.sim.cancel(order)

    async def cancel_all(self, instrument_key: str) -> int:
        return 0

    async def open_orders(self) -> list[VenueOrderState]:
        return await self.sim.open_orders()

    async def positions(self) -> list[VenuePosition]:
        return await self.sim.positions()

    async def order_status(self, client_order_id: ClientOrderId) -> VenueOrderState | None:
        return await self.sim.order_status(client_order_id)

    async def fills_since(self, ts_ns: int) -> list[OrderFilled]:
        return [event for event in self._fills if event.fill.ts_event >= ts_ns]

    async def subscribe_market_data(
        self, instrument_key: str, on_book: Callable[[OrderBook], None]
    ) -> None:
        on_book(self.sim.book(instrument_key))

    async def events(self) -> AsyncIterator[VenueEvent]:
        async for event in self.sim.events():
            if isinstance(event, OrderFilled):
                self._fills.append(event)
            if not self.losing_events:
                yield event
