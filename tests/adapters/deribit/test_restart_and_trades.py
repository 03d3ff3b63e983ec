"""Deribit keeps our orders while the service is down: a new adapter finds them by label,
recovers their fills with Deribit's trade ids, and keeps one session per account."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.deribit.config import DeribitConfig
from adapters.deribit.execution import DeribitExecutionVenue
from adapters.system.clock import SystemClock
from domain.enums import OrderStatus
from domain.ids import ClientOrderId
from domain.venue_events import OrderFilled
from tests.adapters.deribit.orders import an_order
from tests.adapters.deribit.streams import EventReader, count_of
from tests.adapters.deribit.waiting import eventually
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import fake_environ


@pytest.fixture
async def restarted(deribit_config: DeribitConfig) -> AsyncIterator[DeribitExecutionVenue]:
    """A second adapter, as after a restart of the service: it knows none of our orders."""
    venue = DeribitExecutionVenue(
        deribit_config, clock=SystemClock(), environ=fake_environ(deribit_config)
    )
    yield venue
    await venue.disconnect()


async def test_fills_while_the_service_was_down_are_recovered_with_deribits_trade_ids(
    deribit_venue: DeribitExecutionVenue,
    restarted: DeribitExecutionVenue,
    deribit_fake: FakeDeribit,
) -> None:
    order = an_order().buy("100").limit("49000").build()
    await deribit_venue.submit(order)
    await deribit_venue.disconnect()  # the service stops; the order rests at Deribit
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "40", "49000")
    await restarted.connect()

    state = await restarted.order_status(order.client_order_id)
    fills = await restarted.order_trades(order.client_order_id)

    assert state is not None
    assert (state.status, state.filled_quantity) == (OrderStatus.PARTIALLY_FILLED, 40)
    assert [f.venue_trade_id for f in fills] == [
        t["trade_id"] for t in deribit_fake.exchange.trades
    ]
    assert restarted.state_survives_restart


async def test_a_recovered_fill_and_the_same_trade_on_the_stream_share_their_ids(
    restarted: DeribitExecutionVenue,
    deribit_fake: FakeDeribit,
    deribit_venue: DeribitExecutionVenue,
) -> None:
    order = an_order().buy("100").limit("49000").build()
    await deribit_venue.submit(order)
    await deribit_venue.disconnect()
    await restarted.connect()
    events = EventReader(restarted.events())
    try:
        deribit_fake.trade_against("BTC-PERPETUAL", "sell", "100", "49000")  # after the restart
        streamed = (await events.until(count_of(OrderFilled, 1)))[-1]
        recovered = await restarted.order_trades(order.client_order_id)

        assert isinstance(streamed, OrderFilled)
        assert [(f.fill_id, f.venue_trade_id) for f in recovered] == [
            (streamed.fill.fill_id, streamed.fill.venue_trade_id)
        ]
        assert streamed.client_order_id == order.client_order_id
    finally:
        events.close()


async def test_an_order_deribit_never_saw_has_no_status_and_no_trades(
    deribit_venue: DeribitExecutionVenue,
) -> None:
    assert await deribit_venue.order_status(ClientOrderId("never-sent")) is None
    assert await deribit_venue.order_trades(ClientOrderId("never-sent")) == []


async def test_connecting_twice_opens_one_session(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    await deribit_venue.connect()  # start-up reconciliation, then the supervisor, both connect

    assert deribit_fake.sessions_opened == 1
    assert deribit_fake.authenticated_sessions == 1


async def test_a_reconnect_replaces_the_session_instead_of_adding_one(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    await deribit_venue.reconnect()
    await deribit_venue.reconnect()

    assert deribit_fake.sessions_opened == 3
    await eventually(lambda: deribit_fake.connections == 1)
    assert deribit_fake.authenticated_sessions == 1


@pytest.mark.parametrize("page", [2, 3, 10])
async def test_trades_of_one_millisecond_split_across_pages_are_all_recovered(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit, page: int
) -> None:
    await deribit_venue.submit(an_order().buy("250").build())  # 2 trades, walking the asks
    await deribit_venue.submit(an_order().sell("350").build())  # 3 trades, walking the bids
    one_ms = deribit_fake.exchange.trades[0]["timestamp"]
    for trade in deribit_fake.exchange.trades:
        trade["timestamp"] = one_ms  # a matching engine stamps a sweep with one time
    deribit_fake.api.trade_page_limit = page  # at most `page` trades a page, has_more says

    fills = await deribit_venue.fills_since(one_ms * 1_000_000)

    assert [f.fill.venue_trade_id for f in fills] == [
        t["trade_id"] for t in deribit_fake.exchange.trades
    ]
