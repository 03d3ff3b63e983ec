"""The OMS keeps the risk engine's exposure book in step with the order lifecycle."""

from __future__ import annotations

from decimal import Decimal

from application.risk.exposure import ExposureBook
from bootstrap.build import ApplicationContainer
from domain.ids import OperationId
from tests.unit.application.desk import BTC, VENUES, a_buy, a_desk, restarted, venue


def book(desk: ApplicationContainer) -> tuple[Decimal, Decimal]:
    exposure: ExposureBook = desk.core.exposure()
    return exposure.open_quantity[BTC], exposure.position[BTC]


async def test_a_working_order_is_open_quantity_until_it_fills_or_is_canceled() -> None:
    desk = await a_desk()
    await desk.core.orchestrator().execute(a_buy("rest", "2", price="29000", venue_id=VENUES[0]))
    assert book(desk) == (Decimal(2), Decimal(0))
    pump = desk.core.event_pump()
    await pump.start()
    await venue(desk).trade_against(BTC, Decimal(29000), Decimal("0.5"))
    await pump.drain()
    assert book(desk) == (Decimal("1.5"), Decimal("0.5"))
    await desk.core.cancel_order()(OperationId("rest"))
    assert book(desk) == (Decimal(0), Decimal("0.5"))
    await pump.stop()


async def test_a_split_parent_counts_once_and_its_childrens_fills_move_it_to_position() -> None:
    desk = await a_desk(depth="1")
    await desk.core.orchestrator().execute(a_buy("split", "2"))
    exposure: ExposureBook = desk.core.exposure()
    assert book(desk) == (Decimal(0), Decimal(2))
    assert exposure.strategy_position[("alpha", BTC)] == Decimal(2)


async def test_a_rejected_order_leaves_nothing_open() -> None:
    desk = await a_desk()
    venue(desk).faults.reject_reason = "insufficient margin"
    await desk.core.orchestrator().execute(a_buy("refused", venue_id=VENUES[0]))
    assert book(desk) == (Decimal(0), Decimal(0))


async def test_after_a_restart_the_book_holds_stored_positions_and_the_working_leaves() -> None:
    before = await a_desk()
    await before.core.orchestrator().execute(a_buy("filled", venue_id=VENUES[0]))
    await before.core.orchestrator().execute(a_buy("rest", "2", price="29000", venue_id=VENUES[0]))
    await venue(before).trade_against(BTC, Decimal(29000), Decimal("0.5"))
    after = await restarted(before)
    await after.core.reconciliation().run()
    assert book(after) == (Decimal("1.5"), Decimal("1.5"))
