"""The unmodified NautilusTrader Bybit clients, in our node venue, against the Bybit emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from adapters.nautilus.live.execution import NautilusNodeVenue
from domain.enums import OrderStatus
from domain.errors import VenueError
from domain.order import Order
from tests.builders import OrderBuilder, an_order
from tests.nautilus_live import emulated_node
from tests.nautilus_live.emulated_node import status_is
from tests.nautilus_live.paper import eventually
from tests.venues.bybit_linear import views
from tests.venues.bybit_linear.running import (
    GAP_RECOVERY,
    PERP,
    SYMBOL,
    RunningBybit,
    bybit_emulator,
)

VENUE = "BYBIT"


@pytest.fixture
async def emulator() -> AsyncIterator[RunningBybit]:
    async with bybit_emulator() as running:
        yield running


async def connected_venue(emulator: RunningBybit, **options: object) -> NautilusNodeVenue:
    return await emulated_node.connected_venue(VENUE, PERP, emulator, **options)


@pytest.fixture
async def venue(emulator: RunningBybit) -> AsyncIterator[NautilusNodeVenue]:
    connected = await connected_venue(emulator)
    yield connected
    await connected.disconnect()


def submitted(builder: OrderBuilder) -> Order:
    return emulated_node.submitted(VENUE, PERP, builder)


async def _rest_a_sell_above_the_bid(
    emulator: RunningBybit, venue: NautilusNodeVenue
) -> tuple[Order, Decimal]:
    """A sell one dollar above the bid, resting until the recorded trades reach it."""
    bid = emulator.exchange.quotes[SYMBOL][0]
    order = submitted(an_order().sell("0.005").limit(str(bid + 1)))
    assert (await venue.submit(order)).status is OrderStatus.ACCEPTED
    assert await eventually(lambda: emulated_node.acknowledged(venue, order))
    return order, bid


async def _filled_once(venue: NautilusNodeVenue, emulator: RunningBybit, order: Order) -> bool:
    trade_ids = [views.execution_id(t) for t in emulator.exchange.trades]
    return await emulated_node.filled_once(venue, order, trade_ids)


async def test_a_market_order_is_filled_with_the_exchanges_execution_ids(
    emulator: RunningBybit, venue: NautilusNodeVenue
) -> None:
    ask = emulator.exchange.quotes[SYMBOL][2]
    order = submitted(an_order().buy("0.01"))

    ack = await venue.submit(order)

    assert ack.status in (OrderStatus.ACCEPTED, OrderStatus.FILLED)
    assert await eventually(lambda: status_is(venue, order, OrderStatus.FILLED))
    [trade] = emulator.exchange.trades
    assert (trade.quantity, trade.price) == (Decimal("0.01"), ask)
    [placed] = emulator.exchange.orders.values()
    assert (placed.client_order_id, ack.venue_order_id) == (
        order.client_order_id,
        views.order_id(placed),
    )
    [position] = await venue.positions()
    assert position.quantity == emulator.exchange.positions[SYMBOL].amount == Decimal("0.01")
    [fill] = await venue.order_trades(order.client_order_id)
    assert fill.venue_trade_id == views.execution_id(trade)
    assert fill.fee == trade.commission == (ask * Decimal("0.01") * Decimal("0.00055"))
    assert ("GET", "/v5/market/instruments-info") in emulator.server.requests
    assert ("POST", "/v5/order/create") not in emulator.server.requests  # the trade stream


async def test_a_resting_limit_is_acknowledged_listed_and_canceled_at_the_exchange(
    emulator: RunningBybit, venue: NautilusNodeVenue
) -> None:
    order = submitted(an_order().buy("0.01").limit("9000"))

    ack = await venue.submit(order)
    assert ack.status is OrderStatus.ACCEPTED
    assert [o.client_order_id for o in await venue.open_orders()] == [order.client_order_id]
    await venue.cancel(order)

    [placed] = emulator.exchange.orders.values()
    assert placed.status == "CANCELED"
    assert await eventually(lambda: status_is(venue, order, OrderStatus.CANCELED))
    assert await venue.open_orders() == []


async def test_a_resting_limit_fills_in_parts_as_the_recorded_market_trades_through_it(
    emulator: RunningBybit, venue: NautilusNodeVenue
) -> None:
    order, bid = await _rest_a_sell_above_the_bid(emulator, venue)

    emulator.market.advance(emulator.market.remaining)  # the day's ticks go through the price

    assert await eventually(lambda: _filled_once(venue, emulator, order))
    fills = await venue.order_trades(order.client_order_id)
    assert len(fills) == len(emulator.exchange.trades) > 1  # partially filled, then filled
    assert all(f.price == bid + 1 for f in fills)
    assert sum(f.quantity for f in fills) == Decimal("0.005")
    [position] = await venue.positions()
    assert position.quantity == Decimal("-0.005")


@pytest.fixture
async def rest_venue(emulator: RunningBybit) -> AsyncIterator[NautilusNodeVenue]:
    """Orders over REST (`order_entry: rest`), where Bybit's `retCode` reaches the reason."""
    connected = await connected_venue(emulator, order_entry="rest")
    yield connected
    await connected.disconnect()


async def test_an_order_the_balance_cannot_carry_is_rejected_with_the_exchanges_code(
    emulator: RunningBybit, rest_venue: NautilusNodeVenue
) -> None:
    order = submitted(an_order().buy("200").limit("9000"))  # 1.8 M notional at 10x

    with pytest.raises(VenueError) as refused:
        await rest_venue.submit(order)

    assert refused.value.retryable is False
    assert "110007: ab not enough for new order" in str(refused.value)  # retCode: retMsg
    assert emulator.exchange.orders == {}
    assert ("POST", "/v5/order/create") in emulator.server.requests


async def test_over_rest_orders_fill_and_cancel_as_on_the_stream(
    emulator: RunningBybit, rest_venue: NautilusNodeVenue
) -> None:
    order, _ = await _rest_a_sell_above_the_bid(emulator, rest_venue)
    resting = submitted(an_order().buy("0.01").limit("9000"))
    assert (await rest_venue.submit(resting)).status is OrderStatus.ACCEPTED

    await rest_venue.cancel(resting)
    emulator.market.advance(emulator.market.remaining)

    assert await eventually(lambda: status_is(rest_venue, resting, OrderStatus.CANCELED))
    assert await eventually(lambda: _trades_are_the_exchanges(rest_venue, emulator))
    assert await status_is(rest_venue, order, OrderStatus.FILLED)
    assert ("POST", "/v5/order/cancel") in emulator.server.requests


async def test_over_the_trade_stream_nautilus_rejects_with_bybits_message_alone(
    emulator: RunningBybit, venue: NautilusNodeVenue
) -> None:
    """Why `order_entry: rest` exists: NautilusTrader 1.231 submits on the trade stream
    (the default), and its rejection there drops Bybit's `retCode`."""
    with pytest.raises(VenueError) as refused:
        await venue.submit(submitted(an_order().buy("200").limit("9000")))

    assert refused.value.message == "ab not enough for new order"  # no 110007 anywhere
    assert ("POST", "/v5/order/create") not in emulator.server.requests


async def test_a_market_order_beyond_the_book_fills_the_visible_size_and_the_rest_is_canceled(
    emulator: RunningBybit, venue: NautilusNodeVenue
) -> None:
    visible = emulator.exchange.quotes[SYMBOL][3]
    order = submitted(an_order().buy("2"))

    await venue.submit(order)

    async def closed() -> bool:
        state = await venue.order_status(order.client_order_id)
        return state is not None and state.status in (OrderStatus.CANCELED, OrderStatus.EXPIRED)

    assert await eventually(closed)
    state = await venue.order_status(order.client_order_id)
    assert state is not None
    assert state.filled_quantity == visible < Decimal(2)
    [placed] = emulator.exchange.orders.values()
    assert views.order_status(placed) == "PartiallyFilledCanceled"


async def test_orders_and_positions_at_the_exchange_are_reconciled_at_start(
    emulator: RunningBybit,
) -> None:
    resting = emulator.exchange.create(
        {"category": "linear", "symbol": SYMBOL, "side": "Buy", "orderType": "Limit",
         "qty": "0.02", "price": "9100", "timeInForce": "GTC", "orderLinkId": "placed-elsewhere"}
    )  # fmt: skip
    emulator.exchange.create(
        {"category": "linear", "symbol": SYMBOL, "side": "Sell", "orderType": "Market",
         "qty": "0.03"}
    )  # fmt: skip

    venue = await connected_venue(emulator)
    try:
        [open_order] = await venue.open_orders()
        assert (open_order.client_order_id, open_order.venue_order_id) == (
            "placed-elsewhere",
            views.order_id(resting),
        )
        assert open_order.price == Decimal(9100)

        async def short() -> bool:
            return [p.quantity for p in await venue.positions()] == [Decimal("-0.03")]

        assert await eventually(short), await venue.positions()
    finally:
        await venue.disconnect()


async def test_a_rate_limited_submit_is_refused_with_the_exchanges_code(
    emulator: RunningBybit, rest_venue: NautilusNodeVenue
) -> None:
    emulator.server.faults.rate_limited = 1
    order = submitted(an_order().buy("0.01").limit("9000"))

    with pytest.raises(VenueError) as refused:
        await rest_venue.submit(order)

    assert "10006: Too many visits" in str(refused.value)
    assert emulator.exchange.orders == {}


async def _trades_are_the_exchanges(venue: NautilusNodeVenue, emulator: RunningBybit) -> bool:
    """Every execution at the exchange is one fill of ours (none missing, none twice)."""
    ours = []
    for placed in emulator.exchange.orders.values():
        ours += [t.venue_trade_id for t in await venue.order_trades(placed.client_order_id)]
    return sorted(ours) == sorted(views.execution_id(t) for t in emulator.exchange.trades)


async def _flat(venue: NautilusNodeVenue) -> bool:
    return await venue.positions() == []


async def test_fills_while_the_private_stream_is_down_are_recovered_once_and_it_reconnects(
    emulator: RunningBybit,
) -> None:
    venue = await connected_venue(emulator, reconciliation=GAP_RECOVERY)
    try:
        order, _ = await _rest_a_sell_above_the_bid(emulator, venue)
        logins_before = emulator.server.private_logins

        await emulator.server.drop_private_streams(refuse_reconnects=True)
        await emulator.market.trade_through_at_two_moments()  # while nobody listens
        assert len({t.time for t in emulator.exchange.trades}) > 1  # Bybit lists newest first
        assert any(topic == "execution" for topic, _ in emulator.server.undelivered)

        assert await eventually(lambda: _filled_once(venue, emulator, order), timeout=30)
        assert emulator.server.private_logins == logins_before  # recovered over REST alone
        assert emulator.server.private_refusals > 0  # the client kept trying meanwhile
        [position] = await venue.positions()
        assert position.quantity == emulator.exchange.positions[SYMBOL].amount

        emulator.server.faults.private_refused = False

        async def listening_again() -> bool:  # logged in, and the topics subscribed again
            again = emulator.server.private_logins > logins_before
            return again and emulator.server.listening("order", "execution")

        assert await eventually(listening_again, timeout=30)
        undelivered = len(emulator.server.undelivered)
        closing = submitted(an_order().buy("0.005"))
        await venue.submit(closing)
        assert await eventually(lambda: status_is(venue, closing, OrderStatus.FILLED))
        assert len(emulator.server.undelivered) == undelivered  # told on the new stream
        assert await _trades_are_the_exchanges(venue, emulator)
        assert emulator.exchange.positions[SYMBOL].amount == 0
        assert await eventually(lambda: _flat(venue))
    finally:
        await venue.disconnect()


async def test_an_order_placed_while_the_private_stream_is_down_gets_the_exchanges_fill(
    emulator: RunningBybit,
) -> None:
    venue = await connected_venue(emulator, reconciliation=GAP_RECOVERY)
    try:
        await emulator.server.drop_private_streams(refuse_reconnects=True)
        order = submitted(an_order().buy("0.005"))
        answer: object
        try:
            answer = await venue.submit(order)  # answered by the fill the position check finds
        except VenueError as unanswered:  # or not within the submit timeout: unknown yet
            answer = unanswered
        assert not isinstance(answer, VenueError) or answer.retryable
        [placed] = emulator.exchange.orders.values()
        assert placed.client_order_id == order.client_order_id

        assert await eventually(lambda: status_is(venue, order, OrderStatus.FILLED), timeout=30)
        assert await _trades_are_the_exchanges(venue, emulator)
        [fill] = await venue.order_trades(order.client_order_id)
        assert fill.fee == emulator.exchange.trades[0].commission
    finally:
        await venue.disconnect()


async def test_a_position_bybit_cannot_report_is_not_taken_for_flat(
    emulator: RunningBybit,
) -> None:
    # NautilusTrader's client logs a failed request and answers "no positions"; its position
    # check would then close the cached position with an order of its own making.
    venue = await connected_venue(emulator, reconciliation=GAP_RECOVERY)
    try:
        order = submitted(an_order().buy("0.005"))
        await venue.submit(order)
        assert await eventually(lambda: status_is(venue, order, OrderStatus.FILLED))
        faults = emulator.server.faults
        faults.failing.add("/v5/position/list")

        async def checks_failed() -> bool:  # every request and its retries answered 10016
            return len(faults.failed) > 4

        assert await eventually(checks_failed, timeout=60)
        [held] = await venue.positions()
        assert held.quantity == Decimal("0.005")
        assert len(await venue.order_trades(order.client_order_id)) == 1
    finally:
        await venue.disconnect()
