"""The dispatcher: routes a recorded order and submits it, rerouting only after a refusal."""

from __future__ import annotations

from decimal import Decimal

from application.execution.submission import VenueSubmission
from application.execution.venue_registry import VenueRegistry
from application.oms.ids import IdGenerator
from application.oms.new_order import new_order
from application.oms.order_tracking import OrderTracking
from application.oms.unified_oms import UnifiedOMS
from application.routing.circuit_breaker import CircuitBreakers
from application.routing.decisions import Allocation, NoRoute, RoutingDecision
from application.routing.smart_order_router import SmartOrderRouter
from domain.ids import OperationId
from domain.order import Order
from domain.order_request import OrderRequest
from ports.clock import Clock
from ports.event_publisher import EventPublisher


class OrderDispatcher:
    """Sends recorded orders to venues: the submit-order handler's parents and the
    algorithm driver's children alike.

    A venue that refuses an order for a reason that is not the order's (down, breaker open)
    is excluded and the order routed again; one that may hold the order is asked first (see
    `VenueSubmission`). A thin book splits an order into one child per venue.
    """

    def __init__(
        self,
        *,
        router: SmartOrderRouter,
        oms: UnifiedOMS,
        tracking: OrderTracking,
        submission: VenueSubmission,
        venues: VenueRegistry,
        breakers: CircuitBreakers,
        clock: Clock,
        ids: IdGenerator,
        publisher: EventPublisher,
    ) -> None:
        self._router, self._oms, self._tracking = router, oms, tracking
        self._submission, self._venues, self._breakers = submission, venues, breakers
        self._clock, self._ids, self._publisher = clock, ids, publisher

    async def dispatch(
        self,
        order: Order,
        *,
        allow_split: bool,
        pinned: str | None = None,
        preferred: str | None = None,
    ) -> None:
        """Route and submit; on a failing venue, reroute around it; split a thin book."""
        excluded: frozenset[str] = frozenset()
        last_error: str | None = None
        while True:
            try:
                if preferred is not None and not excluded and self._usable(preferred):
                    decision = RoutingDecision(
                        allocations=(Allocation(venue=preferred, quantity=order.leaves_quantity),),
                        scores=(),
                        reason=f"allocated to {preferred} by the parent's routing",
                    )
                else:
                    decision = self.route(order, excluded, pinned)
            except NoRoute as no_route:
                reason = (
                    no_route.reason if last_error is None else f"{last_error}; {no_route.reason}"
                )
                await self.fail(order, f"NO_ROUTE: {reason}")
                return
            self._publisher.publish("order.routed", (order.operation_id, decision))
            if decision.is_split and allow_split:
                await self._split(order, decision)
                return
            venue_id = decision.primary_venue
            outcome = await self._submission.submit(order, venue_id)
            if outcome is None:
                return
            last_error = outcome
            if pinned is not None:
                await self.fail(order, f"VENUE_UNAVAILABLE: {outcome}")
                return
            excluded = excluded | {venue_id}

    def route(self, order: Order, excluded: frozenset[str], pinned: str | None) -> RoutingDecision:
        """Where the order's leaves quantity goes now; raises `NoRoute`."""
        request = OrderRequest(
            operation_id=order.operation_id,
            instrument_key=order.instrument_key,
            side=order.side,
            quantity=order.leaves_quantity,
            order_type=order.order_type,
            price=order.price,
            strategy_id=order.strategy_id,
            venue=pinned,
        )
        return self._router.route(request, exclude=excluded)

    def new_child(self, parent: Order, *, quantity: Decimal, suffix: str) -> Order:
        """A child of `parent` for `quantity` (not yet recorded)."""
        request = OrderRequest(
            operation_id=OperationId(f"{parent.operation_id}/{suffix}"),
            instrument_key=parent.instrument_key,
            side=parent.side,
            quantity=quantity,
            order_type=parent.order_type,
            price=parent.price,
            time_in_force=parent.time_in_force,
            strategy_id=parent.strategy_id,
            parent_operation_id=parent.operation_id,
        )
        return new_order(request, client_order_id=self._ids.client_order_id(), clock=self._clock)

    async def fail(self, order: Order, reason: str) -> None:
        """Close an order that goes nowhere, with the reason."""
        if order.is_open:
            order.fail(error=reason, at=self._clock.now())
        await self._tracking.order_closed(order)

    def _usable(self, venue_id: str) -> bool:
        return self._venues.is_connected(venue_id) and self._breakers.allows(venue_id)

    async def _split(self, parent: Order, decision: RoutingDecision) -> None:
        """Turn `parent` into a roll-up of one child per allocated venue."""
        children = [
            self.new_child(parent, quantity=allocation.quantity, suffix=f"R{n}")
            for n, allocation in enumerate(decision.allocations, start=1)
        ]
        parent.submit_roll_up(
            venues=tuple(a.venue for a in decision.allocations),
            venue_type=self._venues.get(decision.primary_venue).venue.kind,
            at=self._clock.now(),
        )
        await self._oms.save(parent)
        pending = {child.operation_id for child in children}
        self._tracking.adopt_parent(parent, more_coming=lambda: bool(pending))
        for child in children:
            await self._oms.record_new(child)
            self._tracking.child_opened(child)
        for child, allocation in zip(children, decision.allocations, strict=True):
            pending.discard(child.operation_id)
            await self.dispatch(child, allow_split=False, preferred=allocation.venue)
