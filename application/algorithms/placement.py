"""The one rule for where an algorithm's children go, the same in backtest and live.

An algorithm order is routed once, as a whole, when it starts; every child it releases
goes to that decision's primary venue, in that venue's listing and lots. The schedule
is one plan against one book: slices that hop between venues would make a TWAP/VWAP's
participation and an iceberg's visible size meaningless at each venue, change lots from
one child to the next, and could not be simulated the same way in a backtest. When the
venue fails, its children fail and the run carries their quantity forward; they are
never sent elsewhere.
"""

from __future__ import annotations

from decimal import Decimal

from application.routing.decisions import Allocation, RoutingDecision


def algorithm_allocation(decision: RoutingDecision, quantity: Decimal) -> Allocation:
    """The whole algorithm order at the routing decision's primary venue."""
    return Allocation(venue=decision.primary_venue, quantity=quantity)
