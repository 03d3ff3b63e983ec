"""The user channels the adapter subscribes are ones Deribit documents and confirms."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from adapters.deribit.execution import DeribitExecutionVenue
from adapters.system.clock import SystemClock
from domain.venue_events import OrderAccepted, OrderFilled
from tests.adapters.deribit.orders import an_order
from tests.adapters.deribit.streams import EventReader, count_of
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import config_for, fake_environ, running_fake

ETH_PERP = "DERIBIT:PERPETUAL:ETH-USD@INV"


@pytest.fixture
async def strict_fake() -> AsyncIterator[FakeDeribit]:
    """A Deribit that serves only the per-instrument and `{kind}.{currency}` user channels."""
    async with running_fake() as fake:
        fake.api.wildcard_channels = False
        yield fake


async def test_a_resting_order_filled_later_reaches_the_stream_without_wildcard_channels(
    strict_fake: FakeDeribit,
) -> None:
    config = config_for(strict_fake)
    venue = DeribitExecutionVenue(config, clock=SystemClock(), environ=fake_environ(config))
    await venue.connect()
    events = EventReader(venue.events())
    try:
        order = an_order().buy("100").limit("49000").build()
        await venue.submit(order)

        strict_fake.trade_against("BTC-PERPETUAL", "sell", "100", "48900")

        await events.until(count_of(OrderFilled, 1))
        assert [e.fill.quantity for e in events.of(OrderFilled)] == [Decimal(100)]
        assert [e.client_order_id for e in events.of(OrderAccepted)] == [order.client_order_id]
    finally:
        events.close()
        await venue.disconnect()


async def test_an_order_outside_the_configured_instruments_is_followed_too(
    strict_fake: FakeDeribit,
) -> None:
    config = config_for(strict_fake, instruments=frozenset({"DERIBIT:PERPETUAL:BTC-USD@INV"}))
    venue = DeribitExecutionVenue(config, clock=SystemClock(), environ=fake_environ(config))
    await venue.connect()
    events = EventReader(venue.events())
    try:
        await venue.submit(an_order().buy("100").limit("2990").on(ETH_PERP).build())

        strict_fake.trade_against("ETH-PERPETUAL", "sell", "40", "2980")

        await events.until(count_of(OrderFilled, 1))
        assert [e.fill.instrument_key for e in events.of(OrderFilled)] == [ETH_PERP]
    finally:
        events.close()
        await venue.disconnect()
