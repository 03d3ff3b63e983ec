"""The supervisor keeping the Deribit adapter connected and complete, against the fake."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.deribit.config import DeribitConfig
from adapters.deribit.execution import DeribitExecutionVenue
from adapters.system.clock import SystemClock
from application.external_venues import SupervisedVenue, SupervisionPolicy, VenueSupervisor
from domain.venue_events import OrderAccepted, OrderFilled
from tests.adapters.deribit.orders import an_order
from tests.adapters.deribit.streams import EventReader, count_of
from tests.adapters.deribit.waiting import eventually
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import fake_environ

FAST = SupervisionPolicy(
    poll_interval_seconds=0.3,
    health_check_seconds=0.05,
    backoff_initial_seconds=0.05,
    backoff_max_seconds=0.2,
    trade_lookback_seconds=5.0,
)


@pytest.fixture
async def supervised(deribit_config: DeribitConfig) -> AsyncIterator[SupervisedVenue]:
    clock = SystemClock()
    venue = DeribitExecutionVenue(deribit_config, clock=clock, environ=fake_environ(deribit_config))
    supervisor = VenueSupervisor(clock=clock, policy=FAST)
    supervised = supervisor.register(venue)
    await supervisor.start()
    yield supervised
    await supervisor.stop()


async def test_supervisor_reconnects_and_the_fill_of_the_gap_arrives_once(
    supervised: SupervisedVenue, deribit_fake: FakeDeribit
) -> None:
    events = EventReader(supervised.events())
    order = an_order().buy("100").limit("49000").build()
    await supervised.submit(order)

    await deribit_fake.drop_connections(refuse_new=True)
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "100", "49000")
    await eventually(lambda: supervised.health.connect_attempts >= 3)  # backing off meanwhile
    deribit_fake.accept_connections()

    await events.until(count_of(OrderFilled, 1))
    await eventually(lambda: supervised.health.polls >= 1)  # polling finds it again: dropped
    await events.settle()
    events.close()
    assert [e.fill.quantity for e in events.of(OrderFilled)] == [100]
    assert len(events.of(OrderAccepted)) <= 1
    assert supervised.connected
    assert supervised.health.reconnects == 1


async def test_polling_fills_in_what_the_live_stream_lost(
    supervised: SupervisedVenue, deribit_fake: FakeDeribit
) -> None:
    events = EventReader(supervised.events())
    await supervised.submit(an_order().sell("100").limit("51000").build())
    deribit_fake.faults.mute_notifications = True

    deribit_fake.trade_against("BTC-PERPETUAL", "buy", "100", "51000")

    await events.until(count_of(OrderFilled, 1))
    await eventually(lambda: supervised.health.polls >= 2)
    events.close()
    assert supervised.health.recovered_by_polling == 1
    assert len(events.of(OrderFilled)) == 1


async def test_a_venue_restart_keeps_the_order_and_its_fills_during_and_after_arrive_once(
    supervised: SupervisedVenue, deribit_fake: FakeDeribit
) -> None:
    events = EventReader(supervised.events())
    order = an_order().buy("100").limit("49000").build()
    await supervised.submit(order)

    await deribit_fake.go_down()  # sessions and tokens forgotten, connections refused
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "30", "49000")
    await eventually(lambda: supervised.health.connect_attempts >= 3)
    deribit_fake.come_back()
    await events.until(count_of(OrderFilled, 1))
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "70", "49000")  # after it is back

    await events.until(count_of(OrderFilled, 2))
    await eventually(lambda: supervised.health.polls >= 1)
    await events.settle()
    events.close()
    venue_trades = [t["trade_id"] for t in deribit_fake.exchange.trades]
    assert [e.fill.venue_trade_id for e in events.of(OrderFilled)] == venue_trades
    assert [e.fill.quantity for e in events.of(OrderFilled)] == [30, 70]
    # The restarted venue forgot every session: the adapter logged in afresh.
    assert deribit_fake.api.auth_grants.count("client_credentials") >= 2
