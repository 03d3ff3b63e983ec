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
from tests.nautilus_live.paper import eventually
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


@pytest.fixture
async def gap_service(postgres_url: str, tmp_path: Path) -> AsyncIterator[Service]:
    async with (
        okx_emulator() as emulator,
        quoted(emulator, serving(emulator, postgres_url, tmp_path)) as running,
    ):
        yield running


def _fills_and_position(service: Service) -> tuple[list[tuple[str, Decimal]], Decimal]:
    """What PostgreSQL holds: OKX's trade ids of our fills with their fees, the position."""
    with psycopg.connect(service.database_url) as conn:
        fills = conn.execute(
            "SELECT venue_trade_id, fee FROM unified_fills WHERE venue = %s", ("OKX",)
        ).fetchall()
        positions = conn.execute(
            "SELECT aggregated_quantity FROM unified_positions WHERE canonical_id = %s", (PERP,)
        ).fetchall()
    return sorted(fills), sum((q for (q,) in positions), Decimal(0))


async def test_fills_while_the_private_stream_is_down_reach_postgres_once(
    gap_service: Service,
) -> None:
    service = gap_service
    emulator, streams = service.emulator, service.emulator.server.streams
    # Above every recorded bid (the quote feed never reaches it), below recorded trades.
    top = max(e.quote[0] for e in emulator.market.events if e.quote is not None)
    price = BTC_USDT_SWAP.ask(top) + Decimal("0.1")
    resting = await service.post_when_priced(
        "emu-gap", side="SELL", order_type="LIMIT", price=str(price), quantity="0.05"
    )
    assert resting["status"] == "ACCEPTED", resting
    # Cut the stream only once the exchange's acceptance is in: an acceptance lost with the
    # stream makes NautilusTrader infer the order's fill (no trade id, no fee), see docs.
    acknowledged = await service.until_acknowledged(resting["operation_id"])
    assert acknowledged["venue_order_id"], acknowledged
    logins = len(streams.logins)

    await streams.close("private", refuse_reconnects=True)
    await emulator.market.trade_through_at_two_moments()  # while nobody listens
    assert any(channel == "orders" for channel, _ in streams.undelivered)

    filled = await service.until_final(resting["operation_id"])
    assert filled["status"] == "FILLED", filled
    assert streams.logins[logins:] == []  # recovered over REST alone
    streams.refusing.clear()

    async def listening_again() -> bool:  # logged in, and the orders channel subscribed
        again = [s for s in streams.sessions.values() if s.kind == "private"]
        return streams.logins[logins:] == ["private"] and any(s.listens("orders") for s in again)

    assert await eventually(listening_again, timeout=30)
    undelivered = len(streams.undelivered)
    # 0.001 BTC (0.1 contract): the smallest recorded ask, so the market order fills whole at
    # whatever quote the feed is at.
    after = await service.post(operation_id="emu-gap-after", quantity="0.001")
    assert (await service.until_final(after["operation_id"]))["status"] == "FILLED"
    assert len(streams.undelivered) == undelivered  # told on the new stream
    expected = sorted((views.trade_id(t), t.commission) for t in emulator.exchange.trades)
    assert len(expected) >= 2  # the gap's fill(s), the one after (the node test splits the gap's)
    held = emulator.exchange.positions[SYMBOL].amount
    assert _fills_and_position(service) == (expected, held)
