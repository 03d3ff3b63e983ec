"""The unmodified NautilusTrader OKX clients, in our node venue, against the OKX emulator."""

from __future__ import annotations

import functools
import time
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from nautilus_trader.model.identifiers import InstrumentId

from adapters.nautilus.live.execution import NautilusNodeVenue
from application.oms.ids import IdGenerator
from domain.enums import OrderStatus
from domain.errors import VenueError
from domain.order import Order
from tests.builders import an_order
from tests.nautilus_live import emulated_node
from tests.nautilus_live.emulated_node import status_is
from tests.nautilus_live.paper import eventually
from tests.venues.okx_swap import views
from tests.venues.okx_swap.listing import BTC_USDT_SWAP
from tests.venues.okx_swap.running import GAP_RECOVERY, PERP, SYMBOL, RunningOkx, okx_emulator

VENUE = "OKX"
CONTRACT = BTC_USDT_SWAP  # OKX (and NautilusTrader) count its contracts; we count BTC


connected_venue = functools.partial(emulated_node.connected_venue, VENUE, PERP)
# OKX takes letters and digits only in a clOrdId: orders carry the service's own ids.
submitted = functools.partial(emulated_node.submitted, VENUE, PERP, ids=IdGenerator(time.time_ns()))


@pytest.fixture
async def emulator() -> AsyncIterator[RunningOkx]:
    async with okx_emulator() as running:
        yield running


@pytest.fixture
async def venue(emulator: RunningOkx) -> AsyncIterator[NautilusNodeVenue]:
    async with emulated_node.trading_on(VENUE, PERP, emulator) as trading:
        yield trading


async def test_a_market_order_is_filled_with_the_exchanges_trade_ids(
    emulator: RunningOkx, venue: NautilusNodeVenue
) -> None:
    ask = emulator.exchange.quotes[SYMBOL][2]
    order = submitted(an_order().buy("0.01"))  # one contract

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
    assert fill.venue_trade_id == views.trade_id(trade)
    assert fill.fee == trade.commission == ask * Decimal("0.01") * Decimal("0.0005")
    assert ("GET", "/api/v5/public/instruments") in emulator.server.requests
    assert ("POST", "/api/v5/trade/order") not in emulator.server.requests  # the private stream
    assert emulator.server.streams.operations == ["order"]
    assert {"private", "business"} <= set(emulator.server.streams.logins)  # signed logins


async def test_a_resting_limit_is_acknowledged_listed_and_canceled_at_the_exchange(
    emulator: RunningOkx, venue: NautilusNodeVenue
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
    assert emulator.server.streams.operations == ["order", "cancel-order"]


async def _filled_once(venue: NautilusNodeVenue, emulator: RunningOkx, order: Order) -> bool:
    trade_ids = [views.trade_id(t) for t in emulator.exchange.trades]
    return await emulated_node.filled_once(venue, order, trade_ids)


async def test_a_resting_limit_fills_in_parts_as_the_recorded_market_trades_through_it(
    emulator: RunningOkx, venue: NautilusNodeVenue
) -> None:
    bid = emulator.exchange.quotes[SYMBOL][0]
    order = submitted(an_order().sell("0.5").limit(str(bid + 1)))  # 50 contracts, $1 above
    assert (await venue.submit(order)).status is OrderStatus.ACCEPTED

    emulator.market.advance(emulator.market.remaining)  # the day's ticks go through the price

    assert await eventually(lambda: _filled_once(venue, emulator, order))
    fills = await venue.order_trades(order.client_order_id)
    assert len(fills) == len(emulator.exchange.trades) > 1  # partially filled, then filled
    assert all(f.price == bid + 1 for f in fills)
    assert sum(f.quantity for f in fills) == Decimal("0.5")
    assert sum(t.quantity for t in emulator.exchange.trades) == Decimal("0.5")
    [position] = await venue.positions()
    assert position.quantity == Decimal("-0.5")


async def test_an_order_the_margin_cannot_carry_is_rejected_with_the_exchanges_code(
    emulator: RunningOkx, venue: NautilusNodeVenue
) -> None:
    order = submitted(an_order().buy("110").limit("9500"))  # 11,000 contracts: 1.05 M at 10x

    with pytest.raises(VenueError) as refused:
        await venue.submit(order)

    assert refused.value.retryable is False
    # OKX answers sCode 51008 and its sMsg; NautilusTrader rejects with the sMsg.
    assert emulator.server.streams.refused == ["51008"]
    assert "Order failed. Insufficient USDT margin in account" in str(refused.value)
    assert emulator.exchange.orders == {}


async def test_a_market_order_beyond_the_book_fills_the_visible_size_and_the_rest_is_canceled(
    emulator: RunningOkx, venue: NautilusNodeVenue
) -> None:
    visible = emulator.exchange.quotes[SYMBOL][3]
    order = submitted(an_order().buy("2"))  # 200 contracts, more than the touch shows

    await venue.submit(order)

    async def closed() -> bool:
        state = await venue.order_status(order.client_order_id)
        return state is not None and state.status in (OrderStatus.CANCELED, OrderStatus.EXPIRED)

    assert await eventually(closed)
    state = await venue.order_status(order.client_order_id)
    assert state is not None
    assert state.filled_quantity == visible < 2
    [placed] = emulator.exchange.orders.values()
    assert views.state(placed) == "canceled"


async def test_orders_and_positions_at_the_exchange_are_reconciled_at_start(
    emulator: RunningOkx,
) -> None:
    resting = emulator.exchange.create(
        {"instId": CONTRACT.inst_id, "tdMode": "isolated", "side": "buy", "ordType": "limit",
         "sz": "2", "px": "9100", "clOrdId": "placedElsewhere"}
    )  # fmt: skip
    emulator.exchange.create(
        {"instId": CONTRACT.inst_id, "tdMode": "isolated", "side": "sell", "ordType": "market",
         "sz": "3"}
    )  # fmt: skip

    venue = await connected_venue(emulator)
    try:
        [open_order] = await venue.open_orders()
        assert (open_order.client_order_id, open_order.venue_order_id) == (
            "placedElsewhere",
            views.order_id(resting),
        )
        assert open_order.price == Decimal(9100)
        assert open_order.quantity == Decimal("0.02")  # 2 contracts, in BTC

        async def short() -> bool:  # 3 contracts sold
            return [p.quantity for p in await venue.positions()] == [Decimal("-0.03")]

        assert await eventually(short), await venue.positions()
    finally:
        await venue.disconnect()


async def test_paper_trading_offline_matches_in_the_sandbox_on_the_emulators_market(
    emulator: RunningOkx,
) -> None:
    venue = await connected_venue(emulator, paper=True)
    try:
        instrument_id = InstrumentId.from_str(venue.config.instrument_ids[PERP])

        async def quoted() -> bool:
            emulator.market.advance(1)  # quotes reach the node over `bbo-tbt`
            return venue.node.bridge.cache.quote_tick(instrument_id) is not None

        assert await eventually(quoted)
        order = submitted(an_order().buy("0.01"))

        await venue.submit(order)

        async def filled() -> bool:
            emulator.market.advance(1)  # a remainder beyond a thin touch fills on later quotes
            return await status_is(venue, order, OrderStatus.FILLED)

        assert await eventually(filled)
        assert emulator.exchange.orders == {}  # matched in the sandbox, nothing was sent
        assert "private" not in emulator.server.streams.logins  # no execution client at OKX
        fills = await venue.order_trades(order.client_order_id)
        assert sum(f.quantity for f in fills) == Decimal("0.01")
        [position] = await venue.positions()
        assert position.quantity == Decimal("0.01")
        average = sum(f.quantity * f.price for f in fills) / Decimal("0.01")  # the node's: float
        assert abs(position.avg_entry_price - average) < Decimal("1e-6"), (position, average)
    finally:
        await venue.disconnect()


async def test_a_rate_limited_submit_is_refused_with_the_exchanges_code(
    emulator: RunningOkx, venue: NautilusNodeVenue
) -> None:
    emulator.server.streams.rate_limited = 1
    order = submitted(an_order().buy("0.01").limit("9000"))

    with pytest.raises(VenueError) as refused:
        await venue.submit(order)

    assert emulator.server.streams.refused == ["50011"]
    assert "Too Many Requests" in str(refused.value)
    assert emulator.exchange.orders == {}


async def test_a_client_order_id_okx_cannot_take_is_rejected_with_its_parameter_error(
    emulator: RunningOkx, venue: NautilusNodeVenue
) -> None:
    order = emulated_node.submitted(VENUE, PERP, an_order().buy("0.01").limit("9000"))
    assert "-" in order.client_order_id  # the builder's id, not the service's

    with pytest.raises(VenueError) as refused:
        await venue.submit(order)

    assert emulator.server.streams.refused == ["51000"]
    assert "Parameter clOrdId error" in str(refused.value)
    assert emulator.exchange.orders == {}


async def _trades_are_the_exchanges(venue: NautilusNodeVenue, emulator: RunningOkx) -> bool:
    """Every fill at the exchange is one fill of ours with its fee (none missing, none twice)."""
    ours = []
    for placed in emulator.exchange.orders.values():
        ours += [
            (t.venue_trade_id, t.fee) for t in await venue.order_trades(placed.client_order_id)
        ]
    theirs = [(views.trade_id(t), t.commission) for t in emulator.exchange.trades]
    return sorted(ours) == sorted(theirs)


async def test_fills_while_the_private_stream_is_down_are_recovered_once_and_it_reconnects(
    emulator: RunningOkx,
) -> None:
    venue = await connected_venue(emulator, reconciliation=GAP_RECOVERY)
    try:
        bid = emulator.exchange.quotes[SYMBOL][0]
        order = submitted(an_order().sell("0.5").limit(str(bid + 1)))
        assert (await venue.submit(order)).status is OrderStatus.ACCEPTED
        assert await eventually(lambda: emulated_node.acknowledged(venue, order))
        streams = emulator.server.streams
        logins = len(streams.logins)

        await streams.close("private", refuse_reconnects=True)
        await emulator.market.trade_through_at_two_moments()  # while nobody listens
        assert len({t.time for t in emulator.exchange.trades}) > 1  # OKX lists newest first
        assert len(emulator.exchange.trades) > 2
        assert any(channel == "orders" for channel, _ in streams.undelivered)

        assert await eventually(lambda: status_is(venue, order, OrderStatus.FILLED), timeout=30)
        assert await _trades_are_the_exchanges(venue, emulator)  # OKX's trade ids and fees
        assert streams.logins[logins:] == []  # recovered over REST alone
        assert streams.refusals > 0  # the client kept trying meanwhile
        assert ("GET", "/api/v5/trade/fills") in emulator.server.requests
        [position] = await venue.positions()
        assert position.quantity == emulator.exchange.positions[SYMBOL].amount

        streams.refusing.clear()

        async def listening_again() -> bool:  # logged in, and the orders channel subscribed
            again = [s for s in streams.sessions.values() if s.kind == "private"]
            return streams.logins[logins:] == ["private"] and any(
                s.listens("orders") for s in again
            )

        assert await eventually(listening_again, timeout=30)
        undelivered = len(streams.undelivered)
        reducing = submitted(an_order().buy("0.01"))
        await venue.submit(reducing)
        assert await eventually(lambda: status_is(venue, reducing, OrderStatus.FILLED))
        assert len(streams.undelivered) == undelivered  # told on the new stream
        assert await _trades_are_the_exchanges(venue, emulator)
        [position] = await venue.positions()
        assert position.quantity == emulator.exchange.positions[SYMBOL].amount
    finally:
        await venue.disconnect()


async def test_a_position_okx_cannot_report_is_not_taken_for_flat(emulator: RunningOkx) -> None:
    # NautilusTrader's client logs a failed request and answers "no positions"; its position
    # check would then close the cached position with an order of its own making.
    venue = await connected_venue(emulator, reconciliation=GAP_RECOVERY)
    try:
        order = submitted(an_order().buy("0.01"))
        await venue.submit(order)
        assert await eventually(lambda: status_is(venue, order, OrderStatus.FILLED))
        faults = emulator.server.faults
        faults.failing.add("/api/v5/account/positions")

        async def one_check_failed() -> bool:  # one request and its 3 retries, then the next
            return len(faults.failed) > 4

        assert await eventually(one_check_failed, timeout=60)
        [held] = await venue.positions()
        assert held.quantity == Decimal("0.01")
        assert len(await venue.order_trades(order.client_order_id)) == 1
    finally:
        await venue.disconnect()
