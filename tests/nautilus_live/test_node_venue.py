"""The node venue on its own: execution algorithms inside the node, events, retried submits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal

import attrs
import pytest

from adapters.memory.market_data import InMemoryMarketData
from adapters.nautilus.live.execution import NautilusNodeVenue
from bootstrap.build import build_container
from domain.enums import ExecAlgorithm, OrderStatus, VenueKind
from domain.errors import VenueError
from domain.order import Order
from domain.venue_events import OrderAccepted, OrderFilled, VenueEvent
from tests.builders import an_order
from tests.nautilus_live.paper import PERP, VENUE, eventually, paper_settings, replay


@pytest.fixture
async def venue() -> AsyncIterator[NautilusNodeVenue]:
    """A connected paper venue fed with recorded quotes only (no pump: the test reads)."""
    container = build_container("test", paper_settings(replay=replay(trades=False)))
    adapter = container.infra.venues().get(VENUE)
    assert isinstance(adapter, NautilusNodeVenue)
    await adapter.connect()
    assert adapter.replay is not None
    await adapter.replay.advance(30)
    market: InMemoryMarketData = container.infra.market_data()

    async def quoted() -> bool:
        return market.book(VENUE, PERP) is not None

    assert await eventually(quoted)
    yield adapter
    await adapter.disconnect()


def submitted(order: Order) -> Order:
    order.submit(venue=VENUE, venue_type=VenueKind.NAUTILUS, at=order.created_at)
    return order


async def events_until_filled(venue: NautilusNodeVenue, quantity: Decimal) -> list[VenueEvent]:
    seen: list[VenueEvent] = []
    filled = Decimal(0)
    stream = venue.events()
    while filled < quantity:
        event = await asyncio.wait_for(anext(stream), timeout=5)
        seen.append(event)
        if isinstance(event, OrderFilled):
            filled += event.fill.quantity
    return seen


async def test_a_twap_order_is_sliced_inside_the_node(venue: NautilusNodeVenue) -> None:
    order = attrs.evolve(
        submitted(an_order().buy("0.004").build()),
        exec_algorithm=ExecAlgorithm.TWAP,
        exec_algorithm_params={"horizon_secs": "0.6", "interval_secs": "0.2"},
    )

    ack = await venue.submit(order)
    events = [
        *(
            OrderFilled(venue=VENUE, client_order_id=order.client_order_id, fill=f)
            for f in ack.fills
        )
    ]
    events += await events_until_filled(venue, order.quantity - sum(f.quantity for f in ack.fills))

    fills = {e.fill.venue_trade_id: e.fill for e in events if isinstance(e, OrderFilled)}
    assert len(fills) > 1  # sliced, not sent whole
    assert sum(f.quantity for f in fills.values()) == Decimal("0.004")
    assert {e.client_order_id for e in events} == {order.client_order_id}
    assert {f.operation_id for f in fills.values()} == {order.operation_id}
    state = await venue.order_status(order.client_order_id)
    assert state is not None
    assert (state.quantity, state.filled_quantity) == (Decimal("0.004"), Decimal("0.004"))
    assert state.status is OrderStatus.FILLED
    trades = await venue.order_trades(order.client_order_id)
    assert {t.venue_trade_id: t for t in trades} == fills


async def test_a_retried_submit_is_not_sent_twice(venue: NautilusNodeVenue) -> None:
    order = submitted(an_order().buy("0.01").limit("5000").build())

    first = await venue.submit(order)
    again = await venue.submit(order)

    assert first.status is again.status is OrderStatus.ACCEPTED
    assert first.venue_order_id == again.venue_order_id
    assert len(await venue.open_orders()) == 1
    accepted = await asyncio.wait_for(anext(venue.events()), timeout=5)
    assert isinstance(accepted, OrderAccepted)
    assert accepted.venue_order_id == first.venue_order_id


async def test_an_unlisted_instrument_is_refused_before_the_node(
    venue: NautilusNodeVenue,
) -> None:
    order = attrs.evolve(
        submitted(an_order().buy("1").build()),
        instrument_key="BINANCE-FUTURES:PERPETUAL:ETH-USDT@LIN",
    )

    with pytest.raises(VenueError, match="INSTRUMENT") as refused:
        await venue.submit(order)

    assert refused.value.retryable is False


async def test_a_node_that_cannot_start_fails_the_connect_and_leaves_nothing() -> None:
    broken = replay() | {"quotes_csv": "/nonexistent/quotes.csv", "trades_csv": None}
    timeouts = {"timeout_connection_s": 0.3, "timeout_reconciliation_s": 0.3}
    settings = paper_settings(replay=broken, node={**timeouts, "timeout_portfolio_s": 0.3})
    adapter = build_container("test", settings).infra.venues().get(VENUE)
    assert isinstance(adapter, NautilusNodeVenue)
    tasks_before = set(asyncio.all_tasks())

    with pytest.raises(VenueError, match="CONNECT") as failed:
        await adapter.connect()

    assert failed.value.retryable
    assert not adapter.connected
    assert adapter.node.node is None
    current = asyncio.current_task()
    assert {t for t in asyncio.all_tasks() if not t.done() and t is not current} <= tasks_before
