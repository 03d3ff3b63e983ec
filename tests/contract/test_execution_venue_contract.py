"""Contract of the ExecutionVenue port (simulated venue here; Deribit joins via its fake)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from adapters.memory.clock import ControllableClock
from adapters.memory.simulated_venue import SimulatedVenue
from domain.book import BookLevel, OrderBook
from domain.enums import OrderStatus, VenueKind
from domain.errors import VenueError
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import OrderAccepted, OrderCanceled, OrderFilled
from ports.execution_venue import ExecutionVenue
from tests.builders import BTC, T0, an_order
from tests.nautilus_live.contract_venue import sandbox_node_venue


@pytest.fixture(params=["simulated", "nautilus-sandbox"])
async def venue(request: pytest.FixtureRequest) -> AsyncIterator[ExecutionVenue]:
    spec = Venue(
        venue_id="BINANCE-FUTURES",
        kind=VenueKind.SIMULATED,
        instruments=frozenset({BTC}),
        taker_fee=Decimal("0.0004"),
        maker_fee=Decimal("0.0002"),
    )
    book = OrderBook(
        instrument_key=BTC,
        bids=(BookLevel(price=Decimal(29990), size=Decimal(2)),),
        asks=(
            BookLevel(price=Decimal(30010), size=Decimal(1)),
            BookLevel(price=Decimal(30020), size=Decimal(1)),
        ),
    )
    if request.param == "nautilus-sandbox":
        async with sandbox_node_venue(spec, book) as node_venue:
            yield node_venue
        return
    simulated = SimulatedVenue(spec, ControllableClock())
    simulated.set_book(book)
    await simulated.connect()
    yield simulated
    await simulated.disconnect()


def submitted(order: Order) -> Order:
    order.submit(venue="BINANCE-FUTURES", venue_type=VenueKind.SIMULATED, at=T0)
    return order


async def test_connects_and_disconnects(venue: ExecutionVenue) -> None:
    assert venue.connected
    await venue.disconnect()
    assert not venue.connected
    await venue.connect()
    assert venue.connected


async def test_a_market_order_fills_across_levels(venue: ExecutionVenue) -> None:
    order = submitted(an_order().buy("1.5").build())
    ack = await venue.submit(order)
    assert ack.status is OrderStatus.FILLED
    assert [(f.quantity, f.price) for f in ack.fills] == [
        (Decimal(1), Decimal(30010)),
        (Decimal("0.5"), Decimal(30020)),
    ]
    assert all(f.fee == f.quantity * f.price * Decimal("0.0004") for f in ack.fills)
    status = await venue.order_status(order.client_order_id)
    assert status is not None
    assert status.filled_quantity == Decimal("1.5")
    positions = await venue.positions()
    assert [(p.instrument_key, p.quantity) for p in positions] == [(BTC, Decimal("1.5"))]


async def test_the_event_stream_reports_fills(venue: ExecutionVenue) -> None:
    order = submitted(an_order().sell("1").build())
    ack = await venue.submit(order)
    event = await anext(aiter(venue.events()))
    assert isinstance(event, OrderFilled)
    assert event.client_order_id == order.client_order_id
    assert event.fill.venue_trade_id == ack.fills[0].venue_trade_id


async def test_a_resting_limit_order_is_open_until_canceled(venue: ExecutionVenue) -> None:
    order = submitted(an_order().buy("1").limit("29000").build())
    ack = await venue.submit(order)
    assert ack.status is OrderStatus.ACCEPTED
    assert [o.client_order_id for o in await venue.open_orders()] == [order.client_order_id]
    await venue.cancel(order)
    assert await venue.open_orders() == []
    events = aiter(venue.events())
    event = await anext(events)
    if isinstance(event, OrderAccepted):  # a venue may report the acceptance first
        assert event.client_order_id == order.client_order_id
        event = await anext(events)
    assert isinstance(event, OrderCanceled)


async def test_canceling_a_closed_order_is_a_final_error(venue: ExecutionVenue) -> None:
    order = submitted(an_order().buy("0.1").build())
    await venue.submit(order)
    with pytest.raises(VenueError) as raised:
        await venue.cancel(order)
    assert raised.value.retryable is False


async def test_an_unlisted_instrument_is_a_final_error(venue: ExecutionVenue) -> None:
    order = an_order().build()
    order.instrument_key = "BINANCE-FUTURES:PERPETUAL:DOGE-USDT@LIN"
    submitted(order)
    with pytest.raises(VenueError) as raised:
        await venue.submit(order)
    assert raised.value.retryable is False


async def test_unknown_order_status_is_none(venue: ExecutionVenue) -> None:
    assert await venue.order_status("nobody") is None  # type: ignore[arg-type]
