"""The unmodified NautilusTrader Binance clients, in our node venue, against the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from nautilus_trader.model.identifiers import InstrumentId

from adapters.nautilus.live.execution import NautilusNodeVenue
from domain.enums import OrderStatus, VenueKind
from domain.errors import VenueError
from domain.order import Order
from tests.builders import an_order
from tests.nautilus_live import emulated_node
from tests.nautilus_live.emulated_node import status_is
from tests.nautilus_live.paper import eventually
from tests.venues.binance_futures.running import PERP, RunningEmulator, binance_emulator


@pytest.fixture
async def emulator() -> AsyncIterator[RunningEmulator]:
    async with binance_emulator() as running:
        yield running


async def connected_venue(emulator: RunningEmulator, **options: object) -> NautilusNodeVenue:
    return await emulated_node.connected_venue("BINANCE-FUTURES", PERP, emulator, **options)


async def _rest_a_sell_above_the_bid(
    emulator: RunningEmulator, venue: NautilusNodeVenue
) -> tuple[Order, Decimal]:
    """A sell one dollar above the bid, resting until the recorded trades reach it."""
    bid = emulator.exchange.quotes["BTCUSDT"][0]
    order = submitted(an_order().sell("0.005").limit(str(bid + 1)).build())
    assert (await venue.submit(order)).status is OrderStatus.ACCEPTED
    return order, bid


def submitted(order: Order) -> Order:
    order.submit(venue="BINANCE-FUTURES", venue_type=VenueKind.NAUTILUS, at=order.created_at)
    return order


@pytest.fixture
async def venue(emulator: RunningEmulator) -> AsyncIterator[NautilusNodeVenue]:
    connected = await connected_venue(emulator)
    yield connected
    await connected.disconnect()


async def test_a_market_order_is_filled_with_the_exchanges_trade_ids(
    emulator: RunningEmulator, venue: NautilusNodeVenue
) -> None:
    ask = emulator.exchange.quotes["BTCUSDT"][2]
    order = submitted(an_order().buy("0.01").build())

    ack = await venue.submit(order)

    # Acknowledged at the exchange's first word; the fill comes on the user-data stream.
    assert ack.status in (OrderStatus.ACCEPTED, OrderStatus.FILLED)
    assert await eventually(lambda: status_is(venue, order, OrderStatus.FILLED))
    [trade] = emulator.exchange.trades
    assert (trade.quantity, trade.price) == (Decimal("0.01"), ask)
    [placed] = emulator.exchange.orders.values()
    assert (placed.client_order_id, ack.venue_order_id) == (
        order.client_order_id,
        str(placed.order_id),
    )
    [position] = await venue.positions()
    assert position.quantity == emulator.exchange.positions["BTCUSDT"].amount == Decimal("0.01")
    trades = await venue.order_trades(order.client_order_id)
    assert [t.venue_trade_id for t in trades] == [str(trade.trade_id)]


async def test_a_resting_limit_is_acknowledged_listed_and_canceled_at_the_exchange(
    emulator: RunningEmulator, venue: NautilusNodeVenue
) -> None:
    order = submitted(an_order().buy("0.01").limit("9000").build())

    ack = await venue.submit(order)
    assert ack.status is OrderStatus.ACCEPTED
    assert [o.client_order_id for o in await venue.open_orders()] == [order.client_order_id]
    await venue.cancel(order)

    [placed] = emulator.exchange.orders.values()
    assert placed.status == "CANCELED"
    state = await venue.order_status(order.client_order_id)
    assert state is not None
    assert state.status is OrderStatus.CANCELED
    assert await venue.open_orders() == []


async def test_a_resting_limit_fills_when_the_recorded_market_trades_through_it(
    emulator: RunningEmulator, venue: NautilusNodeVenue
) -> None:
    order, bid = await _rest_a_sell_above_the_bid(emulator, venue)

    emulator.market.advance(emulator.market.remaining)  # the day's ticks go through the price

    async def filled() -> bool:
        state = await venue.order_status(order.client_order_id)
        return state is not None and state.status is OrderStatus.FILLED

    assert await eventually(filled)
    fills = await venue.order_trades(order.client_order_id)
    assert {f.venue_trade_id for f in fills} == {str(t.trade_id) for t in emulator.exchange.trades}
    assert all(f.price == bid + 1 for f in fills)
    [position] = await venue.positions()
    assert position.quantity == Decimal("-0.005")


async def test_an_order_the_margin_cannot_carry_is_rejected_with_the_exchanges_code(
    venue: NautilusNodeVenue,
) -> None:
    order = submitted(an_order().buy("200").limit("9000").build())  # 1.8 M notional at 10x

    with pytest.raises(VenueError) as refused:
        await venue.submit(order)

    assert refused.value.retryable is False
    assert "-2019" in str(refused.value)
    assert "Margin is insufficient" in str(refused.value)


async def test_a_market_order_beyond_the_book_fills_the_visible_size_and_the_rest_expires(
    emulator: RunningEmulator, venue: NautilusNodeVenue
) -> None:
    visible = emulator.exchange.quotes["BTCUSDT"][3]
    order = submitted(an_order().buy("2").build())

    await venue.submit(order)

    async def expired() -> bool:
        state = await venue.order_status(order.client_order_id)
        return state is not None and state.status is OrderStatus.EXPIRED

    assert await eventually(expired)
    state = await venue.order_status(order.client_order_id)
    assert state is not None
    assert state.filled_quantity == visible


async def test_orders_and_positions_at_the_exchange_are_reconciled_at_start(
    emulator: RunningEmulator,
) -> None:
    resting = emulator.exchange.place(
        {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": "0.02",
         "price": "9100", "timeInForce": "GTC", "newClientOrderId": "placed-elsewhere"}
    )  # fmt: skip
    emulator.exchange.place(
        {"symbol": "BTCUSDT", "side": "SELL", "type": "MARKET", "quantity": "0.03"}
    )

    venue = await connected_venue(emulator)
    try:
        [open_order] = await venue.open_orders()
        assert (open_order.client_order_id, open_order.venue_order_id) == (
            "placed-elsewhere",
            str(resting.order_id),
        )
        assert open_order.price == Decimal(9100)

        async def short() -> bool:
            return [p.quantity for p in await venue.positions()] == [Decimal("-0.03")]

        assert await eventually(short), await venue.positions()
    finally:
        await venue.disconnect()


async def test_paper_trading_offline_matches_in_the_sandbox_on_the_emulators_market(
    emulator: RunningEmulator,
) -> None:
    venue = await connected_venue(emulator, paper=True)
    try:
        instrument_id = InstrumentId.from_str(venue.config.instrument_ids[PERP])

        async def quoted() -> bool:
            emulator.market.advance(1)  # quotes reach the node over the market stream
            return venue.node.bridge.cache.quote_tick(instrument_id) is not None

        assert await eventually(quoted)
        order = submitted(an_order().buy("0.01").build())

        await venue.submit(order)

        assert await eventually(lambda: status_is(venue, order, OrderStatus.FILLED))
        assert emulator.exchange.orders == {}  # matched in the sandbox, nothing was sent
        [position] = await venue.positions()
        assert position.quantity == Decimal("0.01")
        quote = venue.node.bridge.cache.quote_tick(instrument_id)
        assert position.avg_entry_price == quote.ask_price.as_decimal()
        assert venue.state_survives_restart is False
    finally:
        await venue.disconnect()


async def _filled_once(venue: NautilusNodeVenue, emulator: RunningEmulator, order: Order) -> bool:
    state = await venue.order_status(order.client_order_id)
    trades = await venue.order_trades(order.client_order_id)
    expected = sorted(str(t.trade_id) for t in emulator.exchange.trades)
    done = state is not None and state.status is OrderStatus.FILLED
    return done and sorted(t.venue_trade_id for t in trades) == expected


async def test_fills_while_the_user_stream_is_down_are_recovered_once_after_it_reconnects(
    emulator: RunningEmulator, venue: NautilusNodeVenue
) -> None:
    order, _ = await _rest_a_sell_above_the_bid(emulator, venue)
    keys_before = set(emulator.server.listen_keys)

    await emulator.server.drop_user_streams()
    emulator.market.advance(emulator.market.remaining)  # it fills while nobody listens
    assert any(e["e"] == "ORDER_TRADE_UPDATE" for e in emulator.server.undelivered)

    assert await eventually(lambda: _filled_once(venue, emulator, order), timeout=30)
    assert emulator.server.listen_keys - keys_before  # a new listen key for the new stream


async def test_an_expired_listen_key_is_replaced_and_trading_goes_on(
    emulator: RunningEmulator, venue: NautilusNodeVenue
) -> None:
    keys_before = set(emulator.server.listen_keys)

    await emulator.server.expire_listen_keys()

    async def renewed() -> bool:
        return bool(emulator.server.listen_keys - keys_before)

    assert await eventually(renewed, timeout=30)
    order, _ = await _rest_a_sell_above_the_bid(emulator, venue)
    emulator.market.advance(emulator.market.remaining)
    assert await eventually(lambda: _filled_once(venue, emulator, order))


async def test_an_order_acknowledged_over_rest_whose_stream_update_is_lost_is_still_accepted(
    emulator: RunningEmulator,
) -> None:
    checks = {
        "inflight_check_interval_ms": 200,
        "inflight_check_threshold_ms": 300,
        "startup_delay_secs": 0.0,
    }
    venue = await connected_venue(emulator, reconciliation=checks)
    try:
        emulator.server.faults.lose_next_order_event = True
        order = submitted(an_order().buy("0.01").limit("9000").build())

        ack = await venue.submit(order)  # answered once the node asked the exchange

        assert ack.status is OrderStatus.ACCEPTED
        [placed] = emulator.exchange.orders.values()
        assert ack.venue_order_id == str(placed.order_id)
        assert [o.client_order_id for o in await venue.open_orders()] == [order.client_order_id]
    finally:
        await venue.disconnect()


async def test_a_rate_limited_submit_is_refused_with_the_exchanges_code(
    emulator: RunningEmulator, venue: NautilusNodeVenue
) -> None:
    emulator.server.faults.rate_limited = 1
    order = submitted(an_order().buy("0.01").limit("9000").build())

    with pytest.raises(VenueError) as refused:
        await venue.submit(order)

    assert "-1003" in str(refused.value)
    assert emulator.exchange.orders == {}
