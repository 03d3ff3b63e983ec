"""What a venue says it holds: an order's state and a position, as read back from it."""

from __future__ import annotations

from decimal import Decimal

import attrs

from domain.enums import OrderSide, OrderStatus, OrderType
from domain.fill import Fill
from domain.ids import ClientOrderId, VenueOrderId


@attrs.frozen(kw_only=True)
class VenueOrderState:
    """An order as the venue reports it (used for status queries and reconciliation)."""

    venue: str
    client_order_id: ClientOrderId
    venue_order_id: VenueOrderId | None
    instrument_key: str
    side: OrderSide
    order_type: OrderType
    quantity: Decimal
    filled_quantity: Decimal
    status: OrderStatus
    price: Decimal | None = None
    avg_fill_price: Decimal | None = None


@attrs.frozen(kw_only=True)
class VenuePosition:
    venue: str
    instrument_key: str
    quantity: Decimal
    avg_entry_price: Decimal = Decimal(0)


@attrs.frozen(kw_only=True)
class SubmitAck:
    """The venue's synchronous answer to a submit: its id for the order, and any fills
    (or final status) it already knows, which may arrive again on the event stream."""

    venue_order_id: VenueOrderId
    status: OrderStatus = OrderStatus.ACCEPTED
    fills: tuple[Fill, ...] = ()
