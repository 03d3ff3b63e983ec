"""Orders through the Deribit adapter against the fake: buy, sell, edit, cancel, fills."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.deribit.config import DeribitConfig
from adapters.deribit.execution import DeribitExecutionVenue
from adapters.system.clock import SystemClock
from domain.enums import OrderStatus, TimeInForce
from domain.errors import VenueError
from domain.venue_events import OrderAccepted, OrderCanceled, OrderFilled
from tests.adapters.deribit.orders import an_order
from tests.adapters.deribit.streams import EventReader, count_of
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import fake_environ

BTC_PERP = "DERIBIT:PERPETUAL:BTC-USD@INV"


async def test_market_buy_walks_the_book_and_fills_partially_across_levels(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit, deribit_events: EventReader
) -> None:
    order = an_order().buy("250").build()

    ack = await deribit_venue.submit(order)

    assert ack.status is OrderStatus.FILLED
    assert [(f.quantity, f.price) for f in ack.fills] == [
        (Decimal(100), Decimal(50000)),
        (Decimal(150), Decimal(50010)),
    ]
    assert {f.operation_id for f in ack.fills} == {order.operation_id}
    await deribit_events.until(count_of(OrderFilled, 2))
    assert sorted(deribit_events.trade_ids()) == sorted(f.venue_trade_id for f in ack.fills)


async def test_market_order_beyond_the_book_fills_what_is_there_and_cancels_the_rest(
    deribit_venue: DeribitExecutionVenue, deribit_events: EventReader
) -> None:
    order = an_order().buy("700").build()

    ack = await deribit_venue.submit(order)

    assert ack.status is OrderStatus.CANCELED
    assert sum(f.quantity for f in ack.fills) == Decimal(600)
    events = await deribit_events.until(count_of(OrderCanceled, 1))
    # The stream carries every fill before the order's end.
    assert [type(e) for e in events] == [OrderFilled, OrderFilled, OrderFilled, OrderCanceled]


async def test_market_sell_hits_the_bids(deribit_venue: DeribitExecutionVenue) -> None:
    ack = await deribit_venue.submit(an_order().sell("150").build())

    assert [(f.quantity, f.price) for f in ack.fills] == [
        (Decimal(100), Decimal(49990)),
        (Decimal(50), Decimal(49980)),
    ]
    assert [p.quantity for p in await deribit_venue.positions()] == [Decimal(-150)]


async def test_our_client_order_id_travels_as_the_label(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().buy("10").limit("45000").build()

    ack = await deribit_venue.submit(order)

    sent = deribit_fake.exchange.orders[ack.venue_order_id]
    assert sent["label"] == order.client_order_id
    assert sent["time_in_force"] == "good_til_cancelled"
    state = await deribit_venue.order_status(order.client_order_id)
    assert state is not None
    assert state.client_order_id == order.client_order_id


async def test_resting_limit_order_fills_when_the_market_trades_through_it(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit, deribit_events: EventReader
) -> None:
    order = an_order().buy("100").limit("49000").build()
    ack = await deribit_venue.submit(order)
    assert ack.status is OrderStatus.ACCEPTED
    assert not ack.fills
    assert [s.client_order_id for s in await deribit_venue.open_orders()] == [order.client_order_id]

    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "40", "48900")
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "100", "48950")

    await deribit_events.until(count_of(OrderFilled, 2))
    fills = [e.fill for e in deribit_events.of(OrderFilled)]
    assert [(f.quantity, f.price) for f in fills] == [
        (Decimal(40), Decimal(49000)),
        (Decimal(60), Decimal(49000)),
    ]
    assert {f.liquidity.value for f in fills} == {"MAKER"}
    assert deribit_events.of(OrderAccepted)[0].venue_order_id == ack.venue_order_id
    assert await deribit_venue.open_orders() == []


async def test_edit_changes_price_and_amount(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().sell("100").limit("51000").build()
    ack = await deribit_venue.submit(order)
    order.venue_order_id = ack.venue_order_id

    edited = await deribit_venue.edit(order, quantity=Decimal(200), price=Decimal("50500"))

    assert edited.status is OrderStatus.ACCEPTED
    resting = deribit_fake.exchange.orders[ack.venue_order_id]
    assert (resting["amount"], resting["price"]) == (Decimal(200), Decimal(50500))


async def test_cancel_by_venue_order_id_and_by_label(
    deribit_venue: DeribitExecutionVenue, deribit_config: DeribitConfig
) -> None:
    by_id = an_order().buy("10").limit("40000").build()
    by_id.venue_order_id = (await deribit_venue.submit(by_id)).venue_order_id
    by_label = an_order().buy("10").limit("40001").build()
    await deribit_venue.submit(by_label)
    # A freshly started adapter has never seen the second order: it finds it by its label.
    fresh = DeribitExecutionVenue(
        deribit_config, clock=SystemClock(), environ=fake_environ(deribit_config)
    )
    await fresh.connect()
    try:
        await deribit_venue.cancel(by_id)
        await fresh.cancel(by_label)
    finally:
        await fresh.disconnect()

    assert await deribit_venue.open_orders() == []


async def test_cancel_emits_one_canceled_event(
    deribit_venue: DeribitExecutionVenue, deribit_events: EventReader
) -> None:
    order = an_order().buy("10").limit("40000").build()
    await deribit_venue.submit(order)

    await deribit_venue.cancel(order)

    await deribit_events.until(count_of(OrderCanceled, 1))
    await deribit_events.settle(0.1)
    assert [e.client_order_id for e in deribit_events.of(OrderCanceled)] == [order.client_order_id]


async def test_cancel_all_by_instrument_cancels_only_that_instrument(
    deribit_venue: DeribitExecutionVenue,
) -> None:
    for price in ("40000", "40010"):
        await deribit_venue.submit(an_order().buy("10").limit(price).build())
    eth = an_order().buy("10").limit("2000").on("DERIBIT:PERPETUAL:ETH-USD@INV").build()
    await deribit_venue.submit(eth)

    assert await deribit_venue.cancel_all(BTC_PERP) == 2
    assert [s.client_order_id for s in await deribit_venue.open_orders()] == [eth.client_order_id]


async def test_immediate_or_cancel_and_fill_or_kill(deribit_venue: DeribitExecutionVenue) -> None:
    ioc = await deribit_venue.submit(
        an_order().buy("150").limit("50000").tif(TimeInForce.IOC).build()
    )
    fok = await deribit_venue.submit(
        an_order().buy("1000").limit("50020").tif(TimeInForce.FOK).build()
    )

    assert (ioc.status, sum(f.quantity for f in ioc.fills)) == (OrderStatus.CANCELED, Decimal(100))
    assert (fok.status, fok.fills) == (OrderStatus.CANCELED, ())


@pytest.mark.parametrize(
    ("instrument_key", "deribit_name", "price"),
    [
        ("DERIBIT:FUTURE:BTC-USD-20250328@INV", "BTC-28MAR25", "50500"),
        ("DERIBIT:OPTION:BTC-USD-50000-20241231-C", "BTC-31DEC24-50000-C", "0.06"),
    ],
)
async def test_dated_futures_and_options_are_sent_by_their_deribit_names(
    deribit_venue: DeribitExecutionVenue,
    deribit_fake: FakeDeribit,
    instrument_key: str,
    deribit_name: str,
    price: str,
) -> None:
    ack = await deribit_venue.submit(an_order().buy("1").limit(price).on(instrument_key).build())

    assert deribit_fake.exchange.orders[ack.venue_order_id]["instrument_name"] == deribit_name
    assert ack.fills[0].instrument_key == instrument_key
    assert [p.instrument_key for p in await deribit_venue.positions()] == [instrument_key]


async def test_an_order_for_another_venue_is_refused_before_sending(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().on("BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN").build()

    with pytest.raises(VenueError) as refused:
        await deribit_venue.submit(order)

    assert (refused.value.code, refused.value.retryable) == ("INSTRUMENT", False)
    assert "private/buy" not in deribit_fake.calls


async def test_order_status_of_an_unknown_order_is_none(
    deribit_venue: DeribitExecutionVenue,
) -> None:
    assert await deribit_venue.order_status(an_order().build().client_order_id) is None


@pytest.mark.parametrize("refusal", [None, 11044], ids=["already_closed", "not_open_order"])
async def test_cancel_of_an_order_that_filled_unseen_books_its_fill_once(
    deribit_venue: DeribitExecutionVenue,
    deribit_fake: FakeDeribit,
    deribit_events: EventReader,
    refusal: int | None,
) -> None:
    order = an_order().buy("100").limit("49000").build()
    order.venue_order_id = (await deribit_venue.submit(order)).venue_order_id
    deribit_fake.faults.mute_notifications = True  # the fill's notifications are lost
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "100", "49000")
    deribit_fake.faults.mute_notifications = False
    if refusal is not None:
        deribit_fake.faults.fail_next("private/cancel", refusal, "not_open_order")

    with pytest.raises(VenueError) as closed:
        await deribit_venue.cancel(order)

    assert not closed.value.retryable
    await deribit_events.until(count_of(OrderFilled, 1))
    await deribit_events.settle()
    assert [e.fill.quantity for e in deribit_events.of(OrderFilled)] == [Decimal(100)]
    assert not deribit_events.of(OrderCanceled)
