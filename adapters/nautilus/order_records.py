"""Nautilus orders (primaries and every spawned child) as rows of orders.parquet."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import UTC, datetime, timedelta

from nautilus_trader.model.enums import OrderStatus as NautilusStatus
from nautilus_trader.model.enums import OrderType as NautilusOrderType
from nautilus_trader.model.events import OrderDenied, OrderRejected
from nautilus_trader.model.orders import Order

from domain.enums import OrderSide, OrderStatus, OrderType
from domain.run_records import OrderRecord

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
OPERATION_TAG = "op="

_STATUS = {
    NautilusStatus.INITIALIZED: OrderStatus.PENDING,
    NautilusStatus.EMULATED: OrderStatus.PENDING,
    NautilusStatus.RELEASED: OrderStatus.PENDING,
    NautilusStatus.DENIED: OrderStatus.REJECTED,
    NautilusStatus.SUBMITTED: OrderStatus.SUBMITTED,
    NautilusStatus.ACCEPTED: OrderStatus.ACCEPTED,
    NautilusStatus.TRIGGERED: OrderStatus.ACCEPTED,
    NautilusStatus.REJECTED: OrderStatus.REJECTED,
    NautilusStatus.CANCELED: OrderStatus.CANCELED,
    NautilusStatus.EXPIRED: OrderStatus.EXPIRED,
    NautilusStatus.PARTIALLY_FILLED: OrderStatus.PARTIALLY_FILLED,
    NautilusStatus.FILLED: OrderStatus.FILLED,
}


def at_ns(ts_ns: int) -> datetime:
    return EPOCH + timedelta(microseconds=ts_ns // 1_000)


def operation_tag(operation_id: str) -> str:
    return f"{OPERATION_TAG}{operation_id}"


def operation_of(order: Order) -> str | None:
    """The operation (signal) an order belongs to, from the tag its primary carried."""
    for tag in order.tags or ():
        if tag.startswith(OPERATION_TAG):
            return tag[len(OPERATION_TAG) :]
    return None


def status_of(order: Order) -> OrderStatus:
    status = _STATUS.get(order.status)
    if status is not None:
        return status
    # PENDING_UPDATE / PENDING_CANCEL: the order is still working at the venue.
    return OrderStatus.PARTIALLY_FILLED if order.filled_qty.raw else OrderStatus.ACCEPTED


def rejection_reason(order: Order) -> str | None:
    for event in reversed(order.events):
        if isinstance(event, OrderRejected | OrderDenied):
            return str(event.reason)
    return None


def order_record(order: Order, instrument_key: str, expired: bool = False) -> OrderRecord:
    """`expired`: the order was still working when its window's data ended (EXPIRED unless
    it filled completely on the way)."""
    limit = order.order_type == NautilusOrderType.LIMIT
    status = status_of(order)
    if expired and status is not OrderStatus.FILLED:
        status = OrderStatus.EXPIRED
    return OrderRecord(
        order_id=order.client_order_id.value,
        operation_id=operation_of(order) or order.client_order_id.value,
        instrument_key=instrument_key,
        side=OrderSide(order.side_string()),
        order_type=OrderType.LIMIT if limit else OrderType.MARKET,
        quantity=order.quantity.as_decimal(),
        price=order.price.as_decimal() if limit else None,
        status=status,
        created_at=at_ns(order.ts_init),
        updated_at=at_ns(order.ts_last or order.ts_init),
        rejection_reason=rejection_reason(order),
    )


def order_records(
    orders: Iterable[Order],
    key_of: Callable[[Order], str],
    expired: Collection[str] = (),
) -> list[OrderRecord]:
    """Every order in creation order (ties by client order id); `expired`: the client
    order ids that expired at the end of their window."""
    ordered = sorted(orders, key=lambda o: (o.ts_init, o.client_order_id.value))
    return [
        order_record(order, key_of(order), order.client_order_id.value in expired)
        for order in ordered
    ]
