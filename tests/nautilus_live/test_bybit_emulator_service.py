"""`odum serve live` trading through NautilusTrader's own Bybit clients on the emulator."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from tests.nautilus_live.emulated_bybit_service import VENUE, BybitService, serving
from tests.nautilus_live.emulated_service import ServiceFailed, order_through_the_api, stream_quotes
from tests.venues.bybit_linear import views
from tests.venues.bybit_linear.running import PERP, SYMBOL, bybit_emulator

pytestmark = pytest.mark.postgres


@pytest.fixture
async def service(postgres_url: str, tmp_path: Path) -> AsyncIterator[BybitService]:
    async with bybit_emulator(balance=Decimal(3000)) as emulator:
        emulator.exchange.create(
            {"category": "linear", "symbol": SYMBOL, "side": "Buy", "orderType": "Limit",
             "qty": "0.002", "price": "9100", "orderLinkId": "placed-before-start"}
        )  # fmt: skip
        feed = asyncio.create_task(stream_quotes(emulator))
        try:
            try:
                async with serving(emulator, postgres_url, tmp_path) as running:
                    yield running
            except ServiceFailed as failed:
                pytest.fail(str(failed))
        finally:
            feed.cancel()


async def test_orders_posted_to_the_api_trade_through_the_real_bybit_clients(
    service: BybitService,
) -> None:
    emulator = service.emulator
    report = await service.get("/api/reconciliation/last")
    assert "placed-before-start" in json.dumps(report), report

    orders = await order_through_the_api(
        service, quantity="0.01", refused_quantity="4", tick=Decimal("0.01")
    )
    assert orders.canceled["status"] == "CANCELED"
    assert "ab not enough for new order" in orders.refused["error_message"]  # Bybit's 110007

    by_link = {o.client_order_id: o for o in emulator.exchange.orders.values()}
    limit = (await service.get("/api/orders/emu-limit"))["client_order_id"]
    assert views.order_status(by_link[limit]) == "Cancelled"
    assert by_link["placed-before-start"].is_open
    with psycopg.connect(service.database_url) as conn:
        fills = conn.execute(
            "SELECT venue_trade_id FROM unified_fills WHERE venue = %s", (VENUE,)
        ).fetchall()
        [(position,)] = conn.execute(
            "SELECT aggregated_quantity FROM unified_positions WHERE canonical_id = %s", (PERP,)
        ).fetchall()
    assert sorted(trade for (trade,) in fills) == sorted(
        views.execution_id(t) for t in emulator.exchange.trades
    )
    assert position == emulator.exchange.positions[SYMBOL].amount == Decimal("0.01")
