"""Order repository port."""

from __future__ import annotations

from typing import Protocol

from domain.enums import OrderStatus
from domain.ids import ClientOrderId, OperationId
from domain.order import Order


class OrderRepository(Protocol):
    """Orders by operation id; `update` is guarded by the order's `version`."""

    async def add(self, order: Order) -> None: ...

    async def get(self, operation_id: OperationId) -> Order | None: ...

    async def get_by_client_order_id(self, client_order_id: ClientOrderId) -> Order | None: ...

    async def update(self, order: Order) -> None:
        """Persist changes; raises `ConcurrentUpdate` if the stored version moved on."""
        ...

    async def list(
        self,
        *,
        status: OrderStatus | None = None,
        strategy_id: str | None = None,
        parent_operation_id: OperationId | None = None,
        open_only: bool = False,
        limit: int | None = None,
    ) -> list[Order]: ...
