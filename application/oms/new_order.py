"""A new `Order` from an order request: its client order id given, created now."""

from __future__ import annotations

from domain.order import Order
from domain.order_request import OrderRequest
from ports.clock import Clock


def new_order(request: OrderRequest, *, client_order_id: str, clock: Clock) -> Order:
    return Order(
        operation_id=request.operation_id,
        client_order_id=client_order_id,
        instrument_key=request.instrument_key,
        side=request.side,
        order_type=request.order_type,
        quantity=request.quantity,
        price=request.price,
        time_in_force=request.time_in_force,
        strategy_id=request.strategy_id,
        parent_operation_id=request.parent_operation_id,
        exec_algorithm=request.exec_algorithm,
        exec_algorithm_params=dict(request.exec_algorithm_params),
        created_at=clock.now(),
        updated_at=clock.now(),
    )
