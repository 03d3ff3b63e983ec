"""`odum serve live` trading through NautilusTrader's own Binance clients on the emulator."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from tests.nautilus_live.emulated_service import (
    VENUE,
    Service,
    order_through_the_api,
    quoted,
    serving,
)
from tests.venues.binance_futures.running import PERP, binance_emulator

pytestmark = pytest.mark.postgres


@pytest.fixture
async def service(postgres_url: str, tmp_path: Path) -> AsyncIterator[Service]:
    async with binance_emulator(balance=Decimal(1000)) as emulator:
        emulator.exchange.place(
            {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": "0.002",
             "price": "9100", "timeInForce": "GTC", "newClientOrderId": "placed-before-start"}
        )  # fmt: skip
        async with quoted(emulator, serving(emulator, postgres_url, tmp_path)) as running:
            yield running


async def test_orders_posted_to_the_api_trade_through_the_real_binance_clients(
    service: Service,
) -> None:
    emulator = service.emulator
    report = await service.get("/api/reconciliation/last")
    assert "placed-before-start" in json.dumps(report), report

    orders = await order_through_the_api(
        service, quantity="0.01", refused_quantity="2", tick=Decimal("0.01")
    )
    assert orders.canceled["status"] == "CANCELED"
    assert "-2019" in orders.refused["error_message"]

    by_client_id = {o.client_order_id: o for o in emulator.exchange.orders.values()}
    limit = (await service.get("/api/orders/emu-limit"))["client_order_id"]
    assert by_client_id[limit].status == "CANCELED"
    with psycopg.connect(service.database_url) as conn:
        fills = conn.execute(
            "SELECT venue_trade_id, quantity FROM unified_fills WHERE venue = %s", (VENUE,)
        ).fetchall()
        [(position,)] = conn.execute(
            "SELECT aggregated_quantity FROM unified_positions WHERE canonical_id = %s", (PERP,)
        ).fetchall()
    assert sorted(trade for trade, _ in fills) == sorted(
        str(t.trade_id) for t in emulator.exchange.trades
    )
    assert position == emulator.exchange.positions["BTCUSDT"].amount == Decimal("0.01")


async def test_paper_trading_on_the_emulators_market_needs_no_exchange_order(
    postgres_url: str, tmp_path: Path
) -> None:
    async with (
        binance_emulator() as emulator,
        quoted(emulator, serving(emulator, postgres_url, tmp_path, paper=True)) as service,
    ):
        placed = await service.post_when_priced("paper-market", quantity="0.01")
        assert placed["status"] in ("FILLED", "PARTIALLY_FILLED"), placed
        filled = await service.until_final(placed["operation_id"])
    assert filled["status"] == "FILLED", filled
    assert emulator.exchange.orders == {}  # matched in the sandbox: nothing reached the exchange
    assert ("POST", "/fapi/v1/order") not in emulator.server.requests
