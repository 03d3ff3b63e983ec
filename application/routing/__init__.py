"""Smart order routing: venue breakers, scores, allocations and the router."""

from application.routing.circuit_breaker import BreakerSettings, BreakerState, CircuitBreakers
from application.routing.decisions import (
    Allocation,
    NoRoute,
    RouterWeights,
    RoutingDecision,
    VenueScore,
)
from application.routing.smart_order_router import SmartOrderRouter

__all__ = [
    "Allocation",
    "BreakerSettings",
    "BreakerState",
    "CircuitBreakers",
    "NoRoute",
    "RouterWeights",
    "RoutingDecision",
    "SmartOrderRouter",
    "VenueScore",
]
