"""Adopting what a venue holds for one of our orders: its status and its own trades."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING

from application.oms.recovered_fills import missing_fill
from domain.enums import OrderStatus
from domain.fill import Fill
from domain.order import Order
from domain.venue_state import SubmitAck, VenueOrderState
from ports.clock import Clock
from ports.execution_venue import ExecutionVenue

if TYPE_CHECKING:
    from application.oms.order_tracking import OrderTracking

log = logging.getLogger(__name__)
NEVER_REACHED = "never reached the venue"


async def venue_trades(
    adapter: ExecutionVenue, order: Order, state: VenueOrderState, *, now_ns: int
) -> list[Fill]:
    """The venue's own trades (deduped on the venue's trade id when they arrive live too);
    only a venue that cannot list trades gets one synthetic fill for the difference."""
    listing = getattr(adapter, "order_trades", None)
    if listing is not None:
        try:
            return list(await listing(order.client_order_id))
        except NotImplementedError:
            pass
    log.warning("%s cannot list trades: synthetic recovery fill", adapter.venue.venue_id)
    fill = missing_fill(order, state, adapter.venue, now_ns=now_ns)
    return [fill] if fill is not None else []


async def adopt_venue_order(
    order: Order,
    adapter: ExecutionVenue,
    state: VenueOrderState,
    *,
    tracking: OrderTracking,
    clock: Clock,
    note: str,
) -> Decimal:
    """Bring `order` in line with the venue's `state`; returns the quantity newly filled."""
    spec, now = adapter.venue, clock.now()
    if order.status is OrderStatus.PENDING:
        order.submit(
            venue=spec.venue_id, venue_type=spec.kind, at=now, listing=state.instrument_key
        )
    elif order.status is OrderStatus.SUBMITTED and order.venue != spec.venue_id:
        order.reroute(venue=spec.venue_id, venue_type=spec.kind, at=now)
    before = order.filled_quantity
    fills = await venue_trades(adapter, order, state, now_ns=clock.now_ns())
    if state.status is OrderStatus.REJECTED and not fills:
        if order.status is OrderStatus.SUBMITTED:
            order.reject(reason=f"{note}: the venue rejected it", at=now)
        elif order.is_open:  # it was working: whatever ended it there, it is over
            order.cancel(at=now)
            order.explain(f"{note}: the venue reports it rejected")
        await tracking.order_closed(order)
        return Decimal(0)
    venue_order_id = state.venue_order_id or order.venue_order_id
    ack = SubmitAck(
        venue_order_id=venue_order_id,  # type: ignore[arg-type]
        status=state.status,
        fills=tuple(fills),
    )
    await tracking.on_ack(order, ack)
    return order.filled_quantity - before


async def close_unknown_order(
    order: Order, *, tracking: OrderTracking, clock: Clock, note: str
) -> None:
    """The venue says it has no such order: one never acknowledged never reached it; one it
    had acknowledged is gone there (expired with the note)."""
    now = clock.now()
    if order.status in (OrderStatus.PENDING, OrderStatus.SUBMITTED):
        order.reject(reason=NEVER_REACHED, at=now)
        order.explain(f"{note}: {NEVER_REACHED}")
    elif order.is_open:
        order.expire(at=now)
        order.explain(f"{note}: unknown to {order.venue}")
    await tracking.order_closed(order)
