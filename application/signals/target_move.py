"""The one rule for a signal on its stream, the same in backtest and live.

A stream is a (strategy, instrument) pair; its signals set its target position.

1. A signal that leaves the stream's target where it was does nothing: what the stream
   has working keeps working.
2. A signal that changes the target first cancels every order the stream still has
   working (algorithms stop releasing children), then orders the gap between the new
   target and the position the stream has FILLED, in whole lots of the listing. Working
   orders are never counted as position: they are cancelled, so counting them would
   order twice or not at all.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import attrs

from application.signals.executor import order_for_gap, target_of
from domain.errors import InvalidOrderRequest
from domain.instrument_facts import is_inverse
from domain.order_request import OrderRequest
from domain.quantity_units import FilledPosition, venue_gap
from domain.signal import Signal


def in_lots(quantity: Decimal, lot: Decimal) -> Decimal:
    """`quantity` rounded down to a whole number of lots."""
    return (quantity / lot).to_integral_value(rounding=ROUND_DOWN) * lot


def changes_target(previous_target: Decimal | None, signal: Signal) -> bool:
    """Whether `signal` moves its stream's target; `None`: the previous target is not known
    (a live service that just started), which counts as a change."""
    return previous_target is None or previous_target != signal.target_quantity


def sizing_price(signal: Signal, reference_price: Decimal | None) -> Decimal | None:
    """The price an inverse instrument's base target is sized at (None for linear ones);
    raises `InvalidOrderRequest` naming the field when there is none yet."""
    if not is_inverse(signal.instrument_key):
        return None
    if reference_price is None or reference_price <= 0:
        raise InvalidOrderRequest(
            "target_quantity",
            f"is in base units and {signal.instrument_key} trades quote-valued contracts: "
            "no market price to size it with yet (no book or trade seen); send it again later",
        )
    return reference_price


def order_for_target(
    signal: Signal,
    filled: FilledPosition,
    lot: Decimal,
    reference_price: Decimal | None = None,
) -> OrderRequest | None:
    """The order that moves the stream from its filled position to the signal's target, in
    whole lots of the venue; None when less than a lot is missing. Call it after the
    stream's working orders were cancelled. Raises `InvalidOrderRequest` for a
    contradictory signal, or an inverse instrument's signal with no reference price."""
    target = target_of(signal)
    price = sizing_price(signal, reference_price)
    if price is None:
        gap = target - filled.venue
    elif target == filled.base:
        gap = Decimal(0)
    else:
        gap = venue_gap(target, filled.venue, filled.base, price)
    request = order_for_gap(signal, gap)
    if request is None:
        return None
    quantity = in_lots(request.quantity, lot)
    return attrs.evolve(request, quantity=quantity) if quantity > 0 else None
