"""Our node venue on an emulated exchange: connected with the emulator's options, orders
submitted to it, their state awaited."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any, Protocol

import attrs

from adapters.nautilus.live.config import parse_venue_config
from adapters.nautilus.live.execution import NautilusNodeVenue
from adapters.nautilus.live.node import NautilusNode
from application.oms.ids import IdGenerator
from domain.enums import OrderStatus, VenueKind
from domain.order import Order
from domain.venue import Venue
from tests.builders import OrderBuilder


class EmulatorSettings(Protocol):
    """What a running emulator tells a venue: its options and the credentials it accepts."""

    @property
    def environ(self) -> dict[str, str]: ...

    def venue_options(self, **overrides: Any) -> dict[str, Any]: ...


async def connected_venue(
    venue_id: str, perp: str, emulator: EmulatorSettings, **options: object
) -> NautilusNodeVenue:
    """A node venue trading `perp` on the emulator, connected (instruments loaded, reconciled)."""
    config = parse_venue_config(
        venue_id,
        emulator.venue_options(**options),
        instruments=[perp],
        starting_balances={"USDT": Decimal(100_000)},
    )
    spec = Venue(venue_id=venue_id, kind=VenueKind.NAUTILUS, instruments=frozenset({perp}))
    venue = NautilusNodeVenue(config, spec, node=NautilusNode(environ=emulator.environ))
    await venue.connect()
    return venue


@contextlib.asynccontextmanager
async def trading_on(
    venue_id: str, perp: str, emulator: EmulatorSettings
) -> AsyncIterator[NautilusNodeVenue]:
    """`connected_venue`, disconnected after."""
    venue = await connected_venue(venue_id, perp, emulator)
    try:
        yield venue
    finally:
        await venue.disconnect()


def submitted(
    venue_id: str, perp: str, builder: OrderBuilder, ids: IdGenerator | None = None
) -> Order:
    """The order, submitted to `venue_id`; under an id of the service's own (from `ids`)
    where the venue restricts client order ids."""
    order = attrs.evolve(builder, instrument_key=perp).build()
    if ids is not None:
        order = attrs.evolve(order, client_order_id=ids.client_order_id())
    order.submit(venue=venue_id, venue_type=VenueKind.NAUTILUS, at=order.created_at)
    return order


async def status_is(venue: NautilusNodeVenue, order: Order, status: OrderStatus) -> bool:
    state = await venue.order_status(order.client_order_id)
    return state is not None and state.status is status


async def acknowledged(venue: NautilusNodeVenue, order: Order) -> bool:
    """The node has heard the exchange accept the order (it knows the exchange's id): a
    submit is answered ACCEPTED as soon as the node has sent it."""
    state = await venue.order_status(order.client_order_id)
    return state is not None and bool(state.venue_order_id)


async def filled_once(venue: NautilusNodeVenue, order: Order, trade_ids: list[str]) -> bool:
    """Filled, with exactly the exchange's trades `trade_ids` (none missing, none twice)."""
    trades = await venue.order_trades(order.client_order_id)
    done = await status_is(venue, order, OrderStatus.FILLED)
    return done and sorted(t.venue_trade_id for t in trades) == sorted(trade_ids)
