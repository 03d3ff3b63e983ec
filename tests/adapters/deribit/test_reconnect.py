"""Connection loss: heartbeats, gaps replayed exactly once, cancel-on-disconnect, HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.deribit.config import DeribitConfig
from adapters.deribit.execution import DeribitExecutionVenue
from adapters.system.clock import SystemClock
from domain.book import OrderBook
from domain.enums import OrderStatus
from domain.errors import VenueError, VenueOutcomeUnknown
from domain.venue_events import OrderAccepted, OrderCanceled, OrderFilled
from tests.adapters.deribit.orders import an_order
from tests.adapters.deribit.streams import EventReader, count_of
from tests.adapters.deribit.waiting import eventually
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import config_for, fake_environ


async def test_test_requests_are_answered_with_public_test(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    await deribit_fake.send_test_request()
    await deribit_fake.send_test_request()

    await eventually(lambda: deribit_venue.session.test_requests_answered == 2)
    assert deribit_fake.api.test_answers == 2
    assert deribit_venue.connected


async def test_a_connection_that_goes_silent_is_taken_for_lost_and_its_gap_replayed(
    deribit_fake: FakeDeribit,
) -> None:
    # 0.05 heartbeat intervals of 10 s: stale after 0.5 s without a message from Deribit.
    config = config_for(deribit_fake, heartbeat_interval_s=10, stale_after_heartbeats=0.05)
    venue = DeribitExecutionVenue(config, clock=SystemClock(), environ=fake_environ(config))
    await venue.connect()
    events = EventReader(venue.events())
    try:
        await venue.submit(an_order().buy("100").limit("49000").build())
        deribit_fake.faults.silent = True  # TCP stays up; nothing reaches us any more
        deribit_fake.trade_against("BTC-PERPETUAL", "sell", "100", "49000")

        await eventually(lambda: not venue.connected)
        deribit_fake.faults.silent = False
        await venue.reconnect()

        await events.until(count_of(OrderFilled, 1))
        assert venue.connected
    finally:
        events.close()
        await venue.disconnect()


async def test_an_order_that_left_the_recent_records_during_a_gap_does_not_block_reconnect(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit, deribit_events: EventReader
) -> None:
    await deribit_venue.submit(an_order().buy("100").limit("49000").build())
    await deribit_events.until(count_of(OrderAccepted, 1))

    await deribit_fake.drop_connections(refuse_new=True)
    await eventually(lambda: not deribit_venue.connected)
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "100", "49000")  # filled in the gap
    assert deribit_fake.exchange.age_out_closed_orders() == 1  # a long gap: 30 min and more
    deribit_fake.accept_connections()
    await deribit_venue.reconnect()

    await deribit_events.until(count_of(OrderFilled, 1))
    assert deribit_venue.connected
    assert [e.fill.quantity for e in deribit_events.of(OrderFilled)] == [Decimal(100)]


async def test_fill_during_a_disconnect_is_delivered_exactly_once_after_reconnect(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit, deribit_events: EventReader
) -> None:
    order = an_order().buy("100").limit("49000").build()
    await deribit_venue.submit(order)
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "40", "49000")
    await deribit_events.until(count_of(OrderFilled, 1))

    await deribit_fake.drop_connections(refuse_new=True)
    await eventually(lambda: not deribit_venue.connected)
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "60", "49000")  # during the gap
    with pytest.raises(VenueError) as refused:
        await deribit_venue.reconnect()
    assert refused.value.retryable
    deribit_fake.accept_connections()
    await deribit_venue.reconnect()

    await deribit_events.until(count_of(OrderFilled, 2))
    await deribit_events.settle()
    fills = [e.fill for e in deribit_events.of(OrderFilled)]
    assert [f.quantity for f in fills] == [Decimal(40), Decimal(60)]
    assert [f.venue_trade_id for f in fills] == [
        t["trade_id"] for t in deribit_fake.exchange.trades
    ]
    assert len(deribit_events.of(OrderAccepted)) == 1


async def test_after_reconnect_the_stream_is_live_again_and_replays_nothing_twice(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit, deribit_events: EventReader
) -> None:
    await deribit_venue.submit(an_order().sell("100").limit("51000").build())
    deribit_fake.trade_against("BTC-PERPETUAL", "buy", "30", "51000")
    await deribit_events.until(count_of(OrderFilled, 1))

    await deribit_venue.reconnect()
    await deribit_venue.reconnect()
    deribit_fake.trade_against("BTC-PERPETUAL", "buy", "70", "51000")  # a notification again

    await deribit_events.until(count_of(OrderFilled, 2))
    await deribit_events.settle()
    assert len(deribit_events.trade_ids()) == len(set(deribit_events.trade_ids())) == 2


async def test_cancel_on_disconnect_reports_the_cancel_after_reconnect(
    deribit_fake: FakeDeribit,
) -> None:
    config = config_for(deribit_fake, cancel_on_disconnect=True)
    venue = DeribitExecutionVenue(config, clock=SystemClock(), environ=fake_environ(config))
    await venue.connect()
    events = EventReader(venue.events())
    try:
        order = an_order().buy("10").limit("40000").build()
        await venue.submit(order)
        await deribit_fake.drop_connections()

        await eventually(lambda: not venue.connected)
        await venue.reconnect()

        await events.until(count_of(OrderCanceled, 1))
        assert "private/enable_cancel_on_disconnect" in deribit_fake.calls
        assert events.of(OrderCanceled)[0].client_order_id == order.client_order_id
    finally:
        events.close()
        await venue.disconnect()


async def test_a_lost_answer_to_an_order_is_settled_by_label_without_a_second_order(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().buy("10").limit("40000").build()
    deribit_fake.faults.lose_answer("private/buy", "drop")

    ack = await deribit_venue.submit(order)  # the socket died; Deribit is asked over HTTP

    assert [o["order_id"] for o in deribit_fake.orders_with_label(order.client_order_id)] == [
        ack.venue_order_id
    ]
    assert ack.status is OrderStatus.ACCEPTED
    assert deribit_fake.calls.count("private/buy") == 1
    assert "private/get_order_state_by_label" in deribit_fake.calls


async def test_a_lost_answer_that_cannot_be_settled_is_an_unknown_outcome_not_a_retry(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().buy("10").limit("40000").build()
    deribit_fake.faults.lose_answer("private/buy", "drop")
    deribit_fake.faults.http_down = True

    with pytest.raises(VenueOutcomeUnknown) as unknown:
        await deribit_venue.submit(order)
    assert not unknown.value.retryable
    deribit_fake.faults.http_down = False
    await deribit_venue.reconnect()
    ack = await deribit_venue.submit(order)  # the caller's retry, same client order id

    assert [o["order_id"] for o in deribit_fake.orders_with_label(order.client_order_id)] == [
        ack.venue_order_id
    ]
    assert deribit_fake.calls.count("private/buy") == 1


async def test_queries_go_over_http_while_the_websocket_is_down(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().buy("10").limit("40000").build()
    await deribit_venue.submit(order)
    await deribit_fake.drop_connections(refuse_new=True)
    await eventually(lambda: not deribit_venue.connected)

    open_orders = await deribit_venue.open_orders()
    with pytest.raises(VenueError) as refused:
        await deribit_venue.submit(an_order().buy("10").build())

    assert [s.client_order_id for s in open_orders] == [order.client_order_id]
    assert deribit_fake.api.auth_grants == ["client_credentials", "client_credentials"]
    assert (refused.value.code, refused.value.retryable) == ("NOT_CONNECTED", True)


async def test_market_data_subscription_delivers_book_snapshots_and_survives_reconnect(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit, deribit_config: DeribitConfig
) -> None:
    books: list[OrderBook] = []
    await deribit_venue.subscribe_market_data("DERIBIT:PERPETUAL:BTC-USD@INV", books.append)
    await eventually(lambda: len(books) == 1)
    assert (books[0].best_bid, books[0].best_ask) == (Decimal(49990), Decimal(50000))

    await deribit_venue.reconnect()
    await deribit_venue.submit(an_order().buy("100").build())

    await eventually(lambda: books[-1].best_ask == Decimal(50010))
    assert books[-1].instrument_key == "DERIBIT:PERPETUAL:BTC-USD@INV"


async def test_a_reconnect_that_cannot_recover_the_gap_stays_disconnected_to_be_retried(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit, deribit_events: EventReader
) -> None:
    await deribit_venue.submit(an_order().buy("100").limit("49000").build())
    await deribit_fake.drop_connections()
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "100", "49000")
    deribit_fake.faults.fail_next("private/get_user_trades_by_currency", 11094, count=3)

    with pytest.raises(VenueError):
        await deribit_venue.reconnect()
    assert not deribit_venue.connected
    await deribit_venue.reconnect()

    await deribit_events.until(count_of(OrderFilled, 1))
