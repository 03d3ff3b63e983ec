"""The order message a strategy sends (CONTRACTS §4) and the result it gets back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from domain.enums import ExecAlgorithm, OrderSide, OrderStatus, OrderType, TimeInForce
from domain.errors import InvalidOrderRequest
from domain.fill import Fill
from domain.ids import OperationId, StrategyId
from domain.instrument_key import InstrumentKey
from domain.order import Order


@attrs.frozen(kw_only=True)
class OrderRequest:
    """An order to execute; `operation_id` is its idempotency key."""

    operation_id: OperationId
    instrument_key: str
    side: OrderSide
    quantity: Decimal
    order_type: OrderType = OrderType.MARKET
    price: Decimal | None = None
    time_in_force: TimeInForce = TimeInForce.GTC
    strategy_id: StrategyId = StrategyId("default")
    exec_algorithm: ExecAlgorithm = ExecAlgorithm.NORMAL
    exec_algorithm_params: dict[str, Any] = attrs.field(factory=dict)
    venue: str | None = None
    parent_operation_id: OperationId | None = None
    reduce_only: bool = False

    def validate(self) -> None:
        """Raise `InvalidOrderRequest` naming the first field that breaks a rule."""
        if not self.operation_id:
            raise InvalidOrderRequest("operation_id", "must be a non-empty string")
        InstrumentKey.parse(self.instrument_key)
        if not self.quantity.is_finite() or self.quantity <= 0:
            raise InvalidOrderRequest("quantity", "must be a positive decimal")
        if self.order_type is OrderType.LIMIT:
            if self.price is None:
                raise InvalidOrderRequest("price", "is required for LIMIT orders")
            if not self.price.is_finite() or self.price <= 0:
                raise InvalidOrderRequest("price", "must be a positive decimal")
        elif self.price is not None:
            raise InvalidOrderRequest("price", "must be absent for MARKET orders")

    @property
    def signed_quantity(self) -> Decimal:
        return self.quantity * self.side.sign


@attrs.frozen(kw_only=True)
class ExecutionResult:
    """What the orchestrator answers for one operation."""

    operation_id: OperationId
    status: OrderStatus
    venue: str | None = None
    fills: tuple[Fill, ...] = ()
    error_message: str | None = None
    rejection_code: str | None = None

    @classmethod
    def of(cls, order: Order, fills: list[Fill] | tuple[Fill, ...]) -> ExecutionResult:
        """An operation's state as it stands: its order and the fills recorded for it."""
        return cls(
            operation_id=order.operation_id,
            status=order.status,
            venue=order.venue_label,
            fills=tuple(sorted(fills, key=lambda f: (f.ts_event, f.fill_id))),
            error_message=order.error_message or order.rejection_reason,
        )
