"""Orders posted to the live API reach a TradingNode (sandbox, recorded Binance ticks)."""

from __future__ import annotations

import asyncio
import signal
from decimal import Decimal

import pytest

from domain.enums import OrderStatus
from domain.ids import ClientOrderId
from tests.nautilus_live.conftest import StartService
from tests.nautilus_live.paper import PERP, VENUE, eventually, replay


async def test_a_market_order_is_risk_checked_routed_filled_and_tracked(
    paper_service: StartService,
) -> None:
    service = await paper_service(replay=replay(trades=False))
    book = await service.replay(20)
    assert book.best_ask is not None

    body = await service.post(operation_id="m-1", quantity="0.010")

    assert body["status"] == "FILLED", body
    assert body["venue"] == VENUE
    assert {Decimal(f["price"]) for f in body["fills"]} == {book.best_ask}
    assert sum(Decimal(f["quantity"]) for f in body["fills"]) == Decimal("0.010")
    stored = await service.order("m-1")
    assert stored["status"] == "FILLED"
    assert stored["venue_type"] == "NAUTILUS"
    assert stored["venue_order_id"]
    [position] = (await service.client.get("/api/positions")).json()
    assert position["instrument_key"] == PERP
    assert Decimal(position["venues"][VENUE]["quantity"]) == Decimal("0.01")
    [venue_position] = await service.venue.positions()
    assert venue_position.quantity == Decimal("0.01")
    assert venue_position.avg_entry_price == book.best_ask
    state = await service.venue.order_status(ClientOrderId(stored["client_order_id"]))
    assert state is not None
    assert state.status is OrderStatus.FILLED


async def test_an_order_over_the_risk_limit_never_reaches_the_node(
    paper_service: StartService,
) -> None:
    service = await paper_service()
    await service.replay(20)

    body = await service.post(operation_id="big", quantity="20")

    assert body["status"] == "REJECTED"
    assert "ORDER_SIZE_MAX" in body["error_message"]
    stored = await service.order("big")
    assert await service.venue.order_status(ClientOrderId(stored["client_order_id"])) is None


async def test_a_resting_limit_order_is_cancelled_at_the_sandbox(
    paper_service: StartService,
) -> None:
    service = await paper_service()
    await service.replay(20)
    body = await service.post(operation_id="l-1", order_type="LIMIT", price="5000", quantity="0.01")
    assert body["status"] == "ACCEPTED", body
    [resting] = await service.venue.open_orders()
    assert (resting.price, resting.status) == (Decimal(5000), OrderStatus.ACCEPTED)

    response = await service.client.delete("/api/orders/l-1")

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "CANCELED"
    assert await service.venue.open_orders() == []
    state = await service.venue.order_status(resting.client_order_id)
    assert state is not None
    assert state.status is OrderStatus.CANCELED


async def test_a_resting_order_fills_from_replayed_trades_through_the_event_stream(
    paper_service: StartService,
) -> None:
    service = await paper_service()
    book = await service.replay(20)
    assert book.best_bid is not None
    assert book.best_bid > Decimal(9670)
    body = await service.post(
        operation_id="r-1", order_type="LIMIT", price="9670", quantity="0.005"
    )
    assert body["status"] == "ACCEPTED", body

    assert service.venue.replay is not None
    await service.venue.replay.play()  # the day's trades later go through 9670

    async def filled() -> bool:
        return (await service.order("r-1"))["status"] == "FILLED"

    assert await eventually(filled), await service.order("r-1")
    fills = (await service.order("r-1"))["fills"]
    assert all(Decimal(f["price"]) <= Decimal(9670) for f in fills)
    positions = (await service.client.get("/api/positions")).json()
    assert Decimal(positions[0]["quantity"]) == Decimal("0.005")


@pytest.mark.parametrize(
    ("quantity", "ticks", "reason"),
    [
        # The sandbox exchange has no quote yet: it rejects the market order.
        ("0.010", 0, "no market for BTCUSDT-PERP.BINANCE"),
        # Finer than the lot: the node's own risk engine denies it.
        ("0.0001", 20, "precision 4 > 3"),
    ],
    ids=["rejected-by-the-venue", "denied-by-the-node"],
)
async def test_a_refused_order_is_rejected_with_the_reason(
    paper_service: StartService, quantity: str, ticks: int, reason: str
) -> None:
    service = await paper_service()
    if ticks:
        await service.replay(ticks)

    body = await service.post(operation_id="x-1", quantity=quantity)

    assert body["status"] == "REJECTED", body
    assert reason in body["error_message"]
    assert reason in (await service.order("x-1"))["rejection_reason"]


async def test_the_node_stops_cleanly_and_leaves_orders_as_the_venue_has_them(
    paper_service: StartService,
) -> None:
    handlers_before = [signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)]
    service = await paper_service()
    await service.replay(20)
    # The node did not take the service's signals (its server must still stop on them).
    assert [signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)] == handlers_before
    await service.post(operation_id="s-1", order_type="LIMIT", price="5000", quantity="0.01")

    await service.pump.stop()

    assert not service.venue.connected
    current = asyncio.current_task()
    left = {t for t in asyncio.all_tasks() if not t.done() and t is not current}
    assert left - service.tasks_before == set()
    assert (await service.order("s-1"))["status"] == "ACCEPTED"  # nothing was cancelled

    await service.venue.connect()  # a new node, in the same loop
    assert service.venue.connected
    await service.venue.disconnect()
    assert not service.venue.connected


async def test_a_market_order_larger_than_the_book_fills_its_remainder_on_the_next_quotes(
    paper_service: StartService,
) -> None:
    service = await paper_service(replay=replay(trades=False))
    book = await service.replay(20)
    assert book.best_ask is not None
    visible = book.asks[0].size
    assert visible < Decimal(5)

    body = await service.post(operation_id="big-1", quantity="5")

    assert body["status"] == "PARTIALLY_FILLED", body
    assert sum(Decimal(f["quantity"]) for f in body["fills"]) == visible
    await service.replay(5)

    async def filled() -> bool:
        return (await service.order("big-1"))["status"] == "FILLED"

    assert await eventually(filled), await service.order("big-1")
    stored = await service.order("big-1")
    assert sum(Decimal(f["quantity"]) for f in stored["fills"]) == Decimal(5)
    assert all(Decimal(f["price"]) >= book.best_ask for f in stored["fills"])
    [venue_position] = await service.venue.positions()
    assert venue_position.quantity == Decimal(5)
    cid = ClientOrderId(stored["client_order_id"])
    state = await service.venue.order_status(cid)
    assert state is not None
    assert (state.status, state.filled_quantity) == (OrderStatus.FILLED, Decimal(5))
    trades = await service.venue.order_trades(cid)
    assert {t.venue_trade_id for t in trades} == {f["venue_trade_id"] for f in stored["fills"]}
    assert {t.operation_id for t in trades} == {"big-1"}


async def test_a_market_remainder_can_be_cancelled_before_the_book_moves(
    paper_service: StartService,
) -> None:
    service = await paper_service(replay=replay(trades=False))
    await service.replay(20)
    body = await service.post(operation_id="big-2", side="SELL", quantity="5")
    assert body["status"] == "PARTIALLY_FILLED", body
    sold = sum(Decimal(f["quantity"]) for f in body["fills"])

    response = await service.client.delete("/api/orders/big-2")

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "CANCELED"
    assert await service.venue.open_orders() == []
    await service.replay(5)  # the canceled remainder is not worked any more
    stored = await service.order("big-2")
    assert stored["status"] == "CANCELED"
    assert Decimal(stored["filled_quantity"]) == sold
    [venue_position] = await service.venue.positions()
    assert venue_position.quantity == -sold
    state = await service.venue.order_status(ClientOrderId(stored["client_order_id"]))
    assert state is not None
    assert (state.status, state.filled_quantity) == (OrderStatus.CANCELED, sold)


async def test_paper_state_does_not_survive_a_restart(paper_service: StartService) -> None:
    service = await paper_service()
    await service.replay(20)
    await service.post(operation_id="p-1", order_type="LIMIT", price="5000", quantity="0.01")
    assert service.venue.state_survives_restart is False

    await service.venue.disconnect()
    await service.venue.connect()  # a new node: the sandbox starts empty

    assert await service.venue.open_orders() == []
    assert await service.venue.positions() == []
    stored = await service.order("p-1")
    assert await service.venue.order_status(ClientOrderId(stored["client_order_id"])) is None
    assert await service.venue.order_trades(ClientOrderId(stored["client_order_id"])) == []
