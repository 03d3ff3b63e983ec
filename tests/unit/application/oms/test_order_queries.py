"""The OMS read side on memory adapters: an order with its fills and children, filtered lists,
recent fills newest first; unknown operations are None, never an error."""

from __future__ import annotations

from decimal import Decimal

import attrs

from application.oms.queries import OrderQueries
from domain.enums import ExecAlgorithm, OrderStatus
from domain.ids import OperationId
from tests.unit.application.desk import VENUES, a_buy, a_desk


async def test_an_order_is_read_with_its_fills_and_its_children() -> None:
    desk = await a_desk()
    orchestrator = desk.core.orchestrator()
    queries: OrderQueries = desk.core.order_queries()
    await orchestrator.execute(a_buy("q-1", "2"))
    iceberg = attrs.evolve(
        a_buy("q-2", "3", price="30020"),
        exec_algorithm=ExecAlgorithm.ICEBERG,
        exec_algorithm_params={"visible_quantity": "1"},
    )
    await orchestrator.execute(iceberg)
    await desk.infra.clock().advance(5)

    plain = await queries.detail(OperationId("q-1"))
    assert plain is not None
    assert plain.order.status is OrderStatus.FILLED
    assert plain.result.status is OrderStatus.FILLED
    assert sum(fill.quantity for fill in plain.result.fills) == Decimal(2)
    assert plain.children == ()

    parent = await queries.detail(OperationId("q-2"))
    assert parent is not None
    assert len(parent.children) >= 1
    assert {child.parent_operation_id for child in parent.children} == {OperationId("q-2")}
    assert parent.order.filled_quantity == Decimal(3)
    assert sum(child.filled_quantity for child in parent.children) == Decimal(3)
    assert sum(fill.quantity for fill in parent.result.fills) == Decimal(3)
    assert await queries.detail(OperationId("nosuch")) is None


async def test_lists_are_filtered_and_recent_fills_come_newest_first() -> None:
    desk = await a_desk()
    orchestrator = desk.core.orchestrator()
    queries: OrderQueries = desk.core.order_queries()
    await orchestrator.execute(a_buy("f-1", venue_id=VENUES[0]))
    await desk.infra.clock().advance(1)
    await orchestrator.execute(a_buy("f-2", venue_id=VENUES[1]))
    await orchestrator.execute(a_buy("f-3", "1", price="100"))  # rests far below the book

    filled = await queries.orders(status=OrderStatus.FILLED, limit=10)
    assert {order.operation_id for order in filled} == {"f-1", "f-2"}
    assert [
        o.operation_id for o in await queries.orders(status=OrderStatus.ACCEPTED, limit=10)
    ] == ["f-3"]
    fills = await queries.recent_fills(limit=10)
    assert [fill.ts_event for fill in fills] == sorted((f.ts_event for f in fills), reverse=True)
    assert {fill.venue for fill in fills} == set(VENUES)
    only = await queries.recent_fills(limit=10, venue=VENUES[1])
    assert {fill.venue for fill in only} == {VENUES[1]}
