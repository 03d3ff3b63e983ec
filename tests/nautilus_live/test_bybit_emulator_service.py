"""`odum serve live` trading through NautilusTrader's own Bybit clients on the emulator."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from tests.nautilus_live.emulated_bybit_service import VENUE, BybitService, serving
from tests.nautilus_live.emulated_service import order_through_the_api, quoted
from tests.nautilus_live.paper import eventually
from tests.venues.bybit_linear import views
from tests.venues.bybit_linear.running import PERP, SYMBOL, bybit_emulator

pytestmark = pytest.mark.postgres


@pytest.fixture(params=["rest", "stream"])
async def service(
    postgres_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BybitService]:
    """The service on the emulator, its orders sent over REST or on the trade stream."""
    async with bybit_emulator(balance=Decimal(3000)) as emulator:
        emulator.exchange.create(
            {"category": "linear", "symbol": SYMBOL, "side": "Buy", "orderType": "Limit",
             "qty": "0.002", "price": "9100", "orderLinkId": "placed-before-start"}
        )  # fmt: skip
        async with quoted(
            emulator, serving(emulator, postgres_url, tmp_path, order_entry=request.param)
        ) as running:
            yield running


@pytest.mark.parametrize("service", ["rest"], indirect=True)  # where the retCode is kept
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
    refused = orders.refused
    assert "110007: ab not enough for new order" in refused["error_message"]  # retCode: retMsg
    with psycopg.connect(service.database_url) as conn:
        [(reason,)] = conn.execute(
            "SELECT rejection_reason FROM unified_orders WHERE operation_id = %s",
            (refused["operation_id"],),
        ).fetchall()
    assert "110007: ab not enough for new order" in reason

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


def _fills_and_position(service: BybitService) -> tuple[list[str], Decimal]:
    """What PostgreSQL holds: the venue's trade ids of our fills, and the net position."""
    with psycopg.connect(service.database_url) as conn:
        fills = conn.execute(
            "SELECT venue_trade_id FROM unified_fills WHERE venue = %s", (VENUE,)
        ).fetchall()
        positions = conn.execute(
            "SELECT aggregated_quantity FROM unified_positions WHERE canonical_id = %s", (PERP,)
        ).fetchall()
    return sorted(trade for (trade,) in fills), sum((q for (q,) in positions), Decimal(0))


async def test_fills_while_the_private_stream_is_down_reach_postgres_once(
    service: BybitService,
) -> None:
    emulator, server = service.emulator, service.emulator.server
    # Above every recorded bid (the quote feed never reaches it), below recorded trades.
    top = max(e.quote[0] for e in emulator.market.events if e.quote is not None)
    resting = await service.post_when_priced(
        "emu-gap",
        side="SELL",
        order_type="LIMIT",
        price=str(top + Decimal("0.06")),
        quantity="0.005",
    )
    assert resting["status"] == "ACCEPTED", resting
    # Cut the stream only once the exchange's acceptance is in: an acceptance lost with the
    # stream makes NautilusTrader infer the order's fill (no trade id, no fee), see docs.
    acknowledged = await service.until_acknowledged(resting["operation_id"])
    assert acknowledged["venue_order_id"], acknowledged
    logins_before = server.private_logins

    await server.drop_private_streams(refuse_reconnects=True)
    await emulator.market.trade_through_at_two_moments()  # while nobody listens
    assert any(topic == "execution" for topic, _ in server.undelivered)

    filled = await service.until_final(resting["operation_id"])
    assert filled["status"] == "FILLED", filled
    assert server.private_logins == logins_before  # recovered over REST alone
    server.faults.private_refused = False

    async def listening_again() -> bool:  # logged in, and the topics subscribed again
        again = server.private_logins > logins_before
        return again and server.listening("order", "execution")

    assert await eventually(listening_again, timeout=30)
    undelivered = len(server.undelivered)
    # One lot: the smallest recorded ask, so the market order fills whole at whatever quote
    # the feed is at (0.005 met an ask under 0.005 in 7% of the first quotes: CANCELED).
    after = await service.post(operation_id="emu-gap-after", quantity="0.001")
    assert (await service.until_final(after["operation_id"]))["status"] == "FILLED"
    assert len(server.undelivered) == undelivered  # told on the new stream
    expected = sorted(views.execution_id(t) for t in emulator.exchange.trades)
    assert len(expected) >= 2  # the gap's fill(s), the one after (the node tests split the gap's)
    assert _fills_and_position(service) == (expected, emulator.exchange.positions[SYMBOL].amount)
