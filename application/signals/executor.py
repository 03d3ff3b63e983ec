"""Signals to orders: a signal sets a strategy's target position; the gap becomes an order."""

from __future__ import annotations

from decimal import Decimal

from domain.enums import OrderSide, OrderType
from domain.errors import InvalidOrderRequest
from domain.ids import OperationId
from domain.order_request import OrderRequest
from domain.signal import Signal

ZERO = Decimal(0)


def target_of(signal: Signal) -> Decimal:
    """The signed target in base units; direction 0 means flat whatever the quantity says."""
    if signal.direction not in (-1, 0, 1):
        raise InvalidOrderRequest("direction", "must be 1 (long), -1 (short) or 0 (flat)")
    if signal.direction == 0:
        return ZERO
    if signal.target_quantity == 0 or (signal.target_quantity > 0) != (signal.direction > 0):
        raise InvalidOrderRequest(
            "target_quantity", f"must be non-zero with the sign of direction {signal.direction}"
        )
    return signal.target_quantity


def order_for_gap(signal: Signal, gap: Decimal) -> OrderRequest | None:
    """The order for a signal that must move its stream by the signed `gap` (venue units),
    or None when there is nothing to move. The signal id is the operation id, so replaying
    a signal never trades twice."""
    if gap == 0:
        return None
    if signal.order_type is OrderType.LIMIT and signal.limit_price is None:
        raise InvalidOrderRequest("limit_price", "is required when order_type is LIMIT")
    return OrderRequest(
        operation_id=OperationId(signal.signal_id),
        instrument_key=signal.instrument_key,
        side=OrderSide.BUY if gap > 0 else OrderSide.SELL,
        quantity=abs(gap),
        order_type=signal.order_type,
        price=signal.limit_price if signal.order_type is OrderType.LIMIT else None,
        strategy_id=signal.strategy_id,
        exec_algorithm=signal.exec_algorithm,
        exec_algorithm_params=dict(signal.exec_algorithm_params),
    )
