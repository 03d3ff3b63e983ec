"""Command handler: cancel one operation, or everything a signal stream still has working."""

from __future__ import annotations

from application.oms.order_tracking import OrderTracking
from application.oms.unified_oms import UnifiedOMS
from domain.enums import OrderStatus
from domain.errors import DomainError
from domain.ids import OperationId
from domain.order_request import ExecutionResult


class OrderNotFound(DomainError):
    def __init__(self, operation_id: str) -> None:
        self.operation_id = operation_id
        super().__init__(f"no order with operation_id {operation_id!r}")


class NotCancelable(DomainError):
    def __init__(self, operation_id: str, status: OrderStatus) -> None:
        self.operation_id, self.status = operation_id, status
        super().__init__(f"order {operation_id} is {status} and cannot be canceled")


class CancelOrder:
    """Cancels through the order tracking (algorithms stop, venues are asked)."""

    def __init__(self, *, oms: UnifiedOMS, tracking: OrderTracking) -> None:
        self._oms, self._tracking = oms, tracking

    async def __call__(self, operation_id: OperationId) -> ExecutionResult:
        order = await self._oms.get(operation_id)
        if order is None:
            raise OrderNotFound(operation_id)
        if not order.is_open:
            raise NotCancelable(operation_id, order.status)
        await self._tracking.cancel(order)
        return ExecutionResult.of(order, await self._oms.fills_of_operation(order))

    async def stream(self, strategy_id: str, instrument_key: str) -> int:
        """Cancel every order a (strategy, instrument) stream still has working; how many."""
        working = [
            order
            for order in self._oms.open_orders()
            if order.parent_operation_id is None
            and (order.strategy_id, order.instrument_key) == (strategy_id, instrument_key)
        ]
        for order in working:
            if order.is_open:
                await self._tracking.cancel(order)
        return len(working)
