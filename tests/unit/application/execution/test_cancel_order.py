"""CancelOrder: unknown and closed orders refused, resting ones canceled at the venue, streams."""

from __future__ import annotations

import attrs
import pytest

from application.execution import NotCancelable, OrderNotFound
from domain.enums import OrderStatus
from domain.errors import VenueError
from domain.ids import OperationId, StrategyId
from tests.unit.application.desk import BTC, VENUES, a_buy, a_desk, venue


async def test_an_unknown_operation_is_order_not_found() -> None:
    desk = await a_desk()
    with pytest.raises(OrderNotFound) as missing:
        await desk.core.cancel_order()(OperationId("never-sent"))
    assert missing.value.operation_id == "never-sent"


async def test_a_filled_order_is_not_cancelable() -> None:
    desk = await a_desk()
    await desk.core.orchestrator().execute(a_buy("done"))
    with pytest.raises(NotCancelable) as closed:
        await desk.core.cancel_order()(OperationId("done"))
    assert closed.value.status is OrderStatus.FILLED


async def test_a_resting_order_is_canceled_at_its_venue_and_answered_canceled() -> None:
    desk = await a_desk()
    await desk.core.orchestrator().execute(a_buy("resting", price="29000", venue_id=VENUES[0]))
    assert len(await venue(desk).open_orders()) == 1
    result = await desk.core.cancel_order()(OperationId("resting"))
    assert result.status is OrderStatus.CANCELED
    assert await venue(desk).open_orders() == []
    stored = desk.infra.database().orders[OperationId("resting")]
    assert stored.status is OrderStatus.CANCELED
    assert desk.core.oms().open_orders() == []


async def test_a_cancel_the_venue_cannot_take_leaves_the_order_working() -> None:
    desk = await a_desk()
    await desk.core.orchestrator().execute(a_buy("stuck", price="29000", venue_id=VENUES[0]))
    venue(desk).faults.down = True
    with pytest.raises(VenueError):
        await desk.core.cancel_order()(OperationId("stuck"))
    order = await desk.core.oms().get(OperationId("stuck"))
    assert order is not None
    assert order.status is OrderStatus.ACCEPTED


async def test_a_stream_cancel_takes_every_working_order_of_that_strategy_and_instrument() -> None:
    desk = await a_desk()
    orchestrator = desk.core.orchestrator()
    for op in ("a1", "a2"):
        await orchestrator.execute(a_buy(op, price="29000", venue_id=VENUES[0]))
    other = attrs.evolve(
        a_buy("b1", price="29000", venue_id=VENUES[0]), strategy_id=StrategyId("b")
    )
    await orchestrator.execute(other)
    await orchestrator.execute(a_buy("filled"))
    canceled = await desk.core.cancel_order().stream("alpha", BTC)
    assert canceled == 2
    working = desk.core.oms().open_orders()
    assert [o.operation_id for o in working] == ["b1"]
    assert [s.client_order_id for s in await venue(desk).open_orders()] == [
        working[0].client_order_id
    ]
    assert await desk.core.cancel_order().stream("alpha", BTC) == 0
