"""The read side of the OMS for the API: orders, an order with its fills and children, and the
recent fills; nothing here changes an order."""

from __future__ import annotations

import attrs

from application.live.fills_query import recent_fills
from application.oms.unified_oms import UnifiedOMS
from domain.enums import OrderStatus
from domain.fill import Fill
from domain.ids import OperationId
from domain.order import Order
from domain.order_request import ExecutionResult


@attrs.frozen(kw_only=True)
class OrderDetail:
    """One operation as a client sees it: the order, its result so far, its child orders."""

    order: Order
    result: ExecutionResult
    children: tuple[Order, ...]


class OrderQueries:
    """Reads over the unified OMS (its open orders in memory, the rest from the store)."""

    def __init__(self, oms: UnifiedOMS) -> None:
        self._oms = oms

    async def orders(
        self, *, status: OrderStatus | None = None, strategy_id: str | None = None, limit: int
    ) -> list[Order]:
        return await self._oms.list(status=status, strategy_id=strategy_id, limit=limit)

    async def result(self, operation_id: OperationId) -> ExecutionResult | None:
        """The operation's result so far (None for an unknown operation)."""
        order = await self._oms.get(operation_id)
        if order is None:
            return None
        return ExecutionResult.of(order, await self._oms.fills_of_operation(order))

    async def detail(self, operation_id: OperationId) -> OrderDetail | None:
        order = await self._oms.get(operation_id)
        if order is None:
            return None
        fills = await self._oms.fills_of_operation(order)
        children = await self._oms.list(parent_operation_id=order.operation_id)
        return OrderDetail(
            order=order, result=ExecutionResult.of(order, fills), children=tuple(children)
        )

    async def recent_fills(
        self, *, limit: int, instrument_key: str | None = None, venue: str | None = None
    ) -> list[Fill]:
        return await recent_fills(
            self._oms, limit=limit, instrument_key=instrument_key, venue=venue
        )
