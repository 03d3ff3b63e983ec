"""Contract of the ExecutionVenue port, run against every adapter through its harness: the
simulated venue, Deribit through its fake, the NautilusTrader sandbox node."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from decimal import Decimal

import attrs
import pytest

from adapters.deribit.execution import DeribitExecutionVenue
from adapters.memory.clock import ControllableClock
from adapters.memory.simulated_venue import SimulatedVenue
from adapters.system.clock import SystemClock
from domain.book import BookLevel, OrderBook
from domain.enums import OrderStatus, VenueKind
from domain.errors import VenueError
from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import OrderCanceled, OrderFilled, VenueEvent
from ports.execution_venue import ExecutionVenue
from tests.builders import BTC, T0, an_order
from tests.fakes.deribit_server import FakeDeribit
from tests.nautilus_live.contract_venue import publish, sandbox_node_venue
from tests.plugins.deribit_fake import (
    FAKE_CLIENT_ID,
    FAKE_CLIENT_SECRET,
    config_for,
    default_books,
    fake_environ,
)


@attrs.frozen
class Harness:
    """One adapter and what the suite needs to know to trade on it."""

    adapter: ExecutionVenue
    instrument: str
    lot: Decimal  # a market order of this size fills at once
    rest_price: Decimal  # a buy limit here rests
    trade_against_rest: Callable[[Decimal], Awaitable[None]]  # another side hits our rest
    survives_restart: bool


async def simulated() -> Harness:
    spec = Venue(
        venue_id="BINANCE-FUTURES",
        kind=VenueKind.SIMULATED,
        instruments=frozenset({BTC}),
        taker_fee=Decimal("0.0004"),
        maker_fee=Decimal("0.0002"),
    )
    venue = SimulatedVenue(spec, ControllableClock())
    venue.set_book(
        OrderBook(
            instrument_key=BTC,
            bids=(BookLevel(price=Decimal(29990), size=Decimal(2)),),
            asks=(
                BookLevel(price=Decimal(30010), size=Decimal(1)),
                BookLevel(price=Decimal(30020), size=Decimal(1)),
            ),
        )
    )

    async def hit(quantity: Decimal) -> None:
        await venue.trade_against(BTC, Decimal(29000), quantity)

    return Harness(venue, BTC, Decimal(1), Decimal(29000), hit, survives_restart=True)


DERIBIT_BTC = "DERIBIT:PERPETUAL:BTC-USD@INV"


@asynccontextmanager
async def deribit() -> AsyncIterator[Harness]:
    """The Deribit adapter against the project's fake Deribit (its own server on loopback)."""
    fake = await FakeDeribit(client_id=FAKE_CLIENT_ID, client_secret=FAKE_CLIENT_SECRET).start()
    default_books(fake)
    config = config_for(fake)
    venue = DeribitExecutionVenue(config, clock=SystemClock(), environ=fake_environ(config))

    async def hit(quantity: Decimal) -> None:
        fake.trade_against("BTC-PERPETUAL", "sell", quantity, Decimal(49000))

    try:
        yield Harness(venue, DERIBIT_BTC, Decimal(10), Decimal(49000), hit, survives_restart=True)
    finally:
        await fake.stop()


@asynccontextmanager
async def simulated_harness() -> AsyncIterator[Harness]:
    yield await simulated()


def _book(bid: Decimal, asks: tuple[tuple[Decimal, Decimal], ...]) -> OrderBook:
    return OrderBook(
        instrument_key=BTC,
        bids=(BookLevel(price=bid, size=Decimal(2)),),
        asks=tuple(BookLevel(price=price, size=size) for price, size in asks),
    )


@asynccontextmanager
async def nautilus_sandbox() -> AsyncIterator[Harness]:
    """The NautilusTrader sandbox paper venue in its own TradingNode, a published depth book;
    its state starts empty at every start (paper is not persistent)."""
    spec = Venue(
        venue_id="BINANCE-FUTURES",
        kind=VenueKind.SIMULATED,
        instruments=frozenset({BTC}),
        taker_fee=Decimal("0.0004"),
        maker_fee=Decimal("0.0002"),
    )
    book = _book(Decimal(29990), ((Decimal(30010), Decimal(1)), (Decimal(30020), Decimal(1))))
    async with sandbox_node_venue(spec, book) as venue:

        async def hit(quantity: Decimal) -> None:  # the market comes down onto our bid
            await publish(venue, _book(Decimal(28990), ((Decimal(29000), quantity),)))

        yield Harness(venue, BTC, Decimal(1), Decimal(29000), hit, survives_restart=False)


HARNESSES: dict[str, Callable[[], AbstractAsyncContextManager[Harness]]] = {
    "simulated": simulated_harness,
    "deribit": deribit,
    "nautilus-sandbox": nautilus_sandbox,
}


@pytest.fixture(params=sorted(HARNESSES))
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    async with HARNESSES[request.param]() as built:
        await built.adapter.connect()
        try:
            yield built
        finally:
            await built.adapter.disconnect()


def submitted(harness: Harness, order: Order) -> Order:
    order.instrument_key = harness.instrument
    spec = harness.adapter.venue
    order.submit(venue=spec.venue_id, venue_type=spec.kind, at=T0)
    return order


async def next_event(adapter: ExecutionVenue, kind: type[VenueEvent]) -> VenueEvent:
    async for event in adapter.events():
        if isinstance(event, kind):
            return event
    raise AssertionError("the event stream ended")


async def test_connects_and_disconnects(harness: Harness) -> None:
    venue = harness.adapter
    assert venue.connected
    await venue.disconnect()
    assert not venue.connected
    await venue.connect()
    assert venue.connected


async def test_a_market_order_fills_and_the_venue_reports_it(harness: Harness) -> None:
    venue = harness.adapter
    order = submitted(harness, an_order().buy(str(harness.lot)).build())
    ack = await venue.submit(order)
    assert ack.status is OrderStatus.FILLED
    assert sum(f.quantity for f in ack.fills) == harness.lot
    status = await venue.order_status(order.client_order_id)
    assert status is not None
    assert status.filled_quantity == harness.lot
    assert status.status is OrderStatus.FILLED
    trades = await venue.order_trades(order.client_order_id)
    assert sorted(t.venue_trade_id for t in trades) == sorted(f.venue_trade_id for f in ack.fills)
    positions = await venue.positions()
    assert sum(p.quantity for p in positions) == harness.lot


async def test_a_simulated_market_order_walks_the_book() -> None:
    built = await simulated()
    await built.adapter.connect()
    order = submitted(built, an_order().buy("1.5").build())
    ack = await built.adapter.submit(order)
    assert [(f.quantity, f.price) for f in ack.fills] == [
        (Decimal(1), Decimal(30010)),
        (Decimal("0.5"), Decimal(30020)),
    ]
    assert all(f.fee == f.quantity * f.price * Decimal("0.0004") for f in ack.fills)


async def test_the_event_stream_reports_fills_with_the_acks_trade_ids(harness: Harness) -> None:
    order = submitted(harness, an_order().sell(str(harness.lot)).build())
    ack = await harness.adapter.submit(order)
    event = await next_event(harness.adapter, OrderFilled)
    assert isinstance(event, OrderFilled)
    assert event.client_order_id == order.client_order_id
    assert event.fill.venue_trade_id in {f.venue_trade_id for f in ack.fills}


async def test_a_resting_order_is_open_until_canceled(harness: Harness) -> None:
    venue = harness.adapter
    order = submitted(
        harness, an_order().buy(str(harness.lot)).limit(str(harness.rest_price)).build()
    )
    ack = await venue.submit(order)
    assert ack.status is OrderStatus.ACCEPTED
    assert [o.client_order_id for o in await venue.open_orders()] == [order.client_order_id]
    assert await venue.order_trades(order.client_order_id) == []
    await venue.cancel(order)
    assert await venue.open_orders() == []
    await next_event(venue, OrderCanceled)
    status = await venue.order_status(order.client_order_id)
    assert status is not None
    assert status.status is OrderStatus.CANCELED


async def test_trades_on_a_resting_order_are_listed_with_the_streams_trade_ids(
    harness: Harness,
) -> None:
    venue = harness.adapter
    order = submitted(
        harness, an_order().buy(str(harness.lot)).limit(str(harness.rest_price)).build()
    )
    await venue.submit(order)
    await harness.trade_against_rest(harness.lot)
    event = await next_event(venue, OrderFilled)
    assert isinstance(event, OrderFilled)
    trades = await venue.order_trades(order.client_order_id)
    assert [t.venue_trade_id for t in trades] == [event.fill.venue_trade_id]
    assert trades[0].quantity == harness.lot
    status = await venue.order_status(order.client_order_id)
    assert status is not None
    assert status.status is OrderStatus.FILLED


async def test_canceling_a_closed_order_is_a_final_error(harness: Harness) -> None:
    order = submitted(harness, an_order().buy(str(harness.lot)).build())
    await harness.adapter.submit(order)
    with pytest.raises(VenueError) as raised:
        await harness.adapter.cancel(order)
    assert raised.value.retryable is False


async def test_an_unlisted_instrument_is_a_final_error(harness: Harness) -> None:
    order = an_order().build()
    spec = harness.adapter.venue
    order.submit(venue=spec.venue_id, venue_type=spec.kind, at=T0)
    order.instrument_key = f"{spec.venue_id}:PERPETUAL:DOGE-USDT@LIN"
    with pytest.raises(VenueError) as raised:
        await harness.adapter.submit(order)
    assert raised.value.retryable is False


async def test_an_unknown_order_has_no_status_and_no_trades(harness: Harness) -> None:
    assert await harness.adapter.order_status(ClientOrderId("nobody")) is None
    assert await harness.adapter.order_trades(ClientOrderId("nobody")) == []


async def test_the_venue_says_whether_its_state_survives_a_restart(harness: Harness) -> None:
    assert harness.adapter.state_survives_restart is harness.survives_restart
