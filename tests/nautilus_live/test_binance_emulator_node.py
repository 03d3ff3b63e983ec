"""The unmodified NautilusTrader Binance clients, in our node venue, against the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from adapters.nautilus.live.config import parse_venue_config
from adapters.nautilus.live.execution import NautilusNodeVenue
from adapters.nautilus.live.node import NautilusNode
from domain.enums import OrderStatus, VenueKind
from domain.venue import Venue
from tests.builders import an_order
from tests.nautilus_live.paper import eventually
from tests.venues.binance_futures.running import PERP, RunningEmulator, binance_emulator


@pytest.fixture
async def emulator() -> AsyncIterator[RunningEmulator]:
    async with binance_emulator() as running:
        yield running


async def connected_venue(emulator: RunningEmulator, **options: object) -> NautilusNodeVenue:
    config = parse_venue_config(
        "BINANCE-FUTURES",
        emulator.venue_options(**options),
        instruments=[PERP],
        starting_balances={"USDT": Decimal(100_000)},
    )
    spec = Venue(venue_id="BINANCE-FUTURES", kind=VenueKind.NAUTILUS, instruments=frozenset({PERP}))
    venue = NautilusNodeVenue(config, spec, node=NautilusNode(environ=emulator.environ))
    await venue.connect()
    return venue


async def test_the_real_clients_connect_load_the_instrument_and_trade(
    emulator: RunningEmulator,
) -> None:
    venue = await connected_venue(emulator)
    try:
        order = an_order().buy("0.01").build()
        order.submit(venue="BINANCE-FUTURES", venue_type=VenueKind.NAUTILUS, at=order.created_at)
        ack = await venue.submit(order)
        print("ACK", ack)
        print("REQ", emulator.server.requests)
        print("POS", await venue.positions())
    finally:
        await venue.disconnect()
