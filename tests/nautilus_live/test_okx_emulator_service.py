"""`odum serve live` trading through NautilusTrader's own OKX clients on the emulator."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from tests.nautilus_live.emulated_okx_service import serving
from tests.nautilus_live.emulated_service import (
    Service,
    order_through_the_api,
    quoted,
)
from tests.venues.okx_swap import views
from tests.venues.okx_swap.listing import BTC_USDT_SWAP
from tests.venues.okx_swap.running import PERP, SYMBOL, okx_emulator

pytestmark = pytest.mark.postgres


@pytest.fixture
async def service(postgres_url: str, tmp_path: Path) -> AsyncIterator[Service]:
    async with okx_emulator(balance=Decimal(60)) as emulator:
        emulator.exchange.create(
            {"instId": BTC_USDT_SWAP.inst_id, "tdMode": "isolated", "side": "buy",
             "ordType": "limit", "sz": "2", "px": "9100", "clOrdId": "placedBeforeStart"}
        )  # fmt: skip
        async with quoted(emulator, serving(emulator, postgres_url, tmp_path)) as running:
            yield running


async def test_orders_posted_to_the_api_trade_through_the_real_okx_clients(
    service: Service,
) -> None:
    emulator = service.emulator
    report = await service.get("/api/reconciliation/last")
    assert "placedBeforeStart" in json.dumps(report), report

    orders = await order_through_the_api(
        service, quantity="0.01", refused_quantity="0.05", tick=Decimal("0.1")
    )
    assert orders.canceled["status"] == "CANCELED"
    # OKX's sCode 51008; NautilusTrader rejects with its sMsg.
    assert "Insufficient USDT margin" in orders.refused["error_message"], orders.refused
    assert emulator.server.streams.refused == ["51008"]

    by_client_id = {o.client_order_id: o for o in emulator.exchange.orders.values()}
    limit = (await service.get("/api/orders/emu-limit"))["client_order_id"]
    assert views.state(by_client_id[limit]) == "canceled"
    assert by_client_id["placedBeforeStart"].is_open
    with psycopg.connect(service.database_url) as conn:
        fills = conn.execute(
            "SELECT venue_trade_id, quantity FROM unified_fills WHERE venue = %s", ("OKX",)
        ).fetchall()
        [(position,)] = conn.execute(
            "SELECT aggregated_quantity FROM unified_positions WHERE canonical_id = %s", (PERP,)
        ).fetchall()
    assert sorted(trade for trade, _ in fills) == sorted(
        views.trade_id(t) for t in emulator.exchange.trades
    )
    held = emulator.exchange.positions[SYMBOL].amount
    assert position == held == Decimal("0.01")  # one contract, counted in BTC
