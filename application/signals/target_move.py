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

from application.signals.executor import order_for_signal
from domain.order_request import OrderRequest
from domain.signal import Signal


def in_lots(quantity: Decimal, lot: Decimal) -> Decimal:
    """`quantity` rounded down to a whole number of lots."""
    return (quantity / lot).to_integral_value(rounding=ROUND_DOWN) * lot


def changes_target(previous_target: Decimal | None, signal: Signal) -> bool:
    """Whether `signal` moves its stream's target; `None`: the previous target is not known
    (a live service that just started), which counts as a change."""
    return previous_target is None or previous_target != signal.target_quantity


def order_for_target(signal: Signal, filled_position: Decimal, lot: Decimal) -> OrderRequest | None:
    """The order that moves the stream from its filled position to the signal's target, in
    whole lots; None when less than a lot is missing. Call it after the stream's working
    orders were cancelled. Raises `InvalidOrderRequest` for a contradictory signal."""
    request = order_for_signal(signal, filled_position)
    if request is None:
        return None
    quantity = in_lots(request.quantity, lot)
    return attrs.evolve(request, quantity=quantity) if quantity > 0 else None
