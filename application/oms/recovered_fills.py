"""Last resort for a venue that cannot list trades: the missing fill rebuilt from its status."""

from __future__ import annotations

from decimal import Decimal

from domain.fill import Fill
from domain.ids import FillId, VenueTradeId
from domain.order import Order
from domain.venue import Venue
from domain.venue_state import VenueOrderState

ZERO = Decimal(0)
SYNTHETIC_PREFIX = "RECOVERY:"


def is_synthetic(fill: Fill) -> bool:
    return fill.venue_trade_id.startswith(SYNTHETIC_PREFIX)


def missing_fill(order: Order, state: VenueOrderState, venue: Venue, *, now_ns: int) -> Fill | None:
    """One fill for what the venue filled beyond what we stored, priced so that our average
    matches the venue's; the fee is estimated at the venue's taker rate. Its trade id is
    derived from the venue's cumulative filled quantity, so reconciling twice applies it
    once, and carries the recovery time: live trades up to then are already counted.
    None when nothing is missing or the venue gives no price to book it at."""
    missing = state.filled_quantity - order.filled_quantity
    if missing <= ZERO:
        return None
    price = _price(order, state, missing)
    if price is None:
        return None
    filled = format(state.filled_quantity.normalize(), "f")
    return Fill(
        fill_id=FillId(f"RECOVERY-{order.client_order_id}-{filled}"),
        operation_id=order.operation_id,
        venue=venue.venue_id,
        venue_trade_id=VenueTradeId(f"{SYNTHETIC_PREFIX}{order.client_order_id}:{filled}@{now_ns}"),
        instrument_key=order.instrument_key,
        side=order.side,
        quantity=missing,
        price=price,
        fee=missing * price * venue.taker_fee,
        fee_currency=venue.fee_currency,
        ts_event=now_ns,
    )


def _price(order: Order, state: VenueOrderState, missing: Decimal) -> Decimal | None:
    if state.avg_fill_price is None:
        return order.price  # a limit order fills at its price or better: the best guess left
    already = (order.avg_fill_price or ZERO) * order.filled_quantity
    price = (state.avg_fill_price * state.filled_quantity - already) / missing
    return price if price > ZERO else state.avg_fill_price
