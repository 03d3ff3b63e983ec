"""A node started on a Binance account with more trades than one page still knows its orders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from domain.enums import OrderStatus
from domain.ids import ClientOrderId
from tests.nautilus_live.test_binance_emulator_node import connected_venue
from tests.venues.binance_futures.running import RunningEmulator, binance_emulator

TRADES_BEFORE = 600  # more than the 500 trades Binance lists when asked for none in particular


@pytest.fixture
async def emulator() -> AsyncIterator[RunningEmulator]:
    async with binance_emulator(balance=Decimal(10**7)) as running:
        exchange = running.exchange
        for n in range(TRADES_BEFORE):
            side = "SELL" if n % 3 == 0 else "BUY"  # never flat after the first trades
            exchange.place({"symbol": "BTCUSDT", "side": side, "type": "MARKET",
                            "quantity": "0.002", "newClientOrderId": f"before-{n}"})  # fmt: skip
        bid = exchange.quotes["BTCUSDT"][0]
        for name, quantity in (("filled", "0.004"), ("open", "0.003")):
            exchange.place({"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT",
                            "quantity": quantity, "price": str(bid - 50), "timeInForce": "GTC",
                            "newClientOrderId": name})  # fmt: skip
        exchange.trade_against("BTCUSDT", "SELL", Decimal("0.004"), bid - 50)  # oldest first
        yield running


async def test_open_and_recently_filled_orders_survive_the_nodes_startup_reconciliation(
    emulator: RunningEmulator,
) -> None:
    exchange = emulator.exchange
    assert len(exchange.trades) == TRADES_BEFORE + 1
    venue = await connected_venue(emulator)
    try:
        filled = await venue.order_status(ClientOrderId("filled"))
        still_open = await venue.order_status(ClientOrderId("open"))
        trades = await venue.order_trades(ClientOrderId("filled"))
        [position] = await venue.positions()
    finally:
        await venue.disconnect()
    assert filled is not None, "an order lost at the node's start"
    assert still_open is not None, "an order lost at the node's start"
    assert (filled.status, filled.filled_quantity) == (OrderStatus.FILLED, Decimal("0.004"))
    assert (still_open.status, still_open.filled_quantity) == (OrderStatus.ACCEPTED, Decimal(0))
    assert [t.venue_trade_id for t in trades] == [str(exchange.trades[-1].trade_id)]
    assert position.quantity == exchange.positions["BTCUSDT"].amount
