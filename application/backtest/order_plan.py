"""An order request checked by risk, routed, and cut into one primary order per venue."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from application.algorithms import InvalidAlgorithmParams, parse_params, schedule_for
from application.algorithms.placement import algorithm_allocation
from application.risk.engine import PreTradeRiskEngine
from application.routing.decisions import NoRoute
from application.routing.smart_order_router import SmartOrderRouter
from application.signals.target_move import in_lots
from domain.enums import ExecAlgorithm
from domain.errors import DomainError, InvalidInstrumentKey, InvalidOrderRequest
from domain.order_request import OrderRequest
from domain.risk_limits import RiskRejected
from domain.venue import Venue


class OrderRefused(DomainError):
    """The request goes nowhere; `reason` is what orders.parquet records (CODE: why)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@attrs.frozen(kw_only=True)
class PrimaryOrder:
    """What to send to one venue: its own listing of the instrument, in its lots."""

    venue: str
    listing: str
    quantity: Decimal


def plan_orders(
    request: OrderRequest,
    *,
    risk: PreTradeRiskEngine,
    router: SmartOrderRouter,
    venues: Sequence[Venue],
    lot_of: Callable[[str], Decimal],
    algorithm_defaults: Mapping[str, Mapping[str, Any]],
    now_ns: int,
) -> list[PrimaryOrder]:
    """Validate, risk-check and route; an algorithm works its whole order at one venue.

    Raises `OrderRefused` with the reason (risk code, NO_ROUTE or INVALID_ORDER).
    """
    algorithm = request.exec_algorithm
    try:
        request.validate()
        params = None
        if algorithm is not ExecAlgorithm.NORMAL:
            defaults = algorithm_defaults.get(algorithm.value)
            params = parse_params(algorithm, request.exec_algorithm_params, defaults)
        risk.check(request)
        decision = router.route(request)
        allocations = decision.allocations
        if algorithm is not ExecAlgorithm.NORMAL:
            allocations = (algorithm_allocation(decision, request.quantity),)
        by_id = {venue.venue_id: venue for venue in venues}
        orders = []
        for allocation in allocations:
            listing = by_id[allocation.venue].listing_for(request.instrument_key)
            listing = listing or request.instrument_key
            lot = lot_of(listing)
            quantity = in_lots(allocation.quantity, lot)
            if quantity <= 0:
                continue
            if params is not None:  # the venue's lot may not fit the parameters
                schedule_for(algorithm, quantity, request.side, now_ns, params, lot)
            orders.append(PrimaryOrder(venue=allocation.venue, listing=listing, quantity=quantity))
        return orders
    except RiskRejected as rejected:
        raise OrderRefused(f"{rejected.code.value}: {rejected.reason}") from None
    except NoRoute as no_route:
        raise OrderRefused(f"NO_ROUTE: {no_route.reason}") from None
    except (InvalidOrderRequest, InvalidAlgorithmParams, InvalidInstrumentKey) as invalid:
        raise OrderRefused(f"INVALID_ORDER: {invalid}") from None
