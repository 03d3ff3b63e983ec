"""Execution orchestrator, the one entry point: risk -> record -> route -> submit -> track."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Protocol

import attrs

from application.algorithms.params import InvalidAlgorithmParams
from application.algorithms.placement import algorithm_allocation
from application.execution.circuit_breaker import CircuitBreakers
from application.execution.retry import RetryPolicy
from application.execution.submission import VenueSubmission
from application.execution.venue_registry import VenueRegistry
from application.oms.ids import IdGenerator
from application.oms.order_tracking import OrderTracking
from application.oms.unified_oms import DuplicateOperation, UnifiedOMS
from application.risk.engine import PreTradeRiskEngine
from application.routing.decisions import Allocation, NoRoute, RoutingDecision
from application.routing.smart_order_router import SmartOrderRouter
from application.signals.target_move import in_lots
from domain.enums import ExecAlgorithm, OrderStatus
from domain.errors import DomainError
from domain.ids import OperationId
from domain.order import Order
from domain.order_request import ExecutionResult, OrderRequest
from domain.risk_limits import RiskRejected
from ports.clock import Clock
from ports.event_publisher import EventPublisher

log = logging.getLogger(__name__)


class OrderNotFound(DomainError):
    def __init__(self, operation_id: str) -> None:
        self.operation_id = operation_id
        super().__init__(f"no order with operation_id {operation_id!r}")


class NotCancelable(DomainError):
    def __init__(self, operation_id: str, status: OrderStatus) -> None:
        self.operation_id, self.status = operation_id, status
        super().__init__(f"order {operation_id} is {status} and cannot be canceled")


class OutcomeNotRecorded(DomainError):
    """The venue was called, but the order store was down: `result` is the true state,
    held in memory and the outage journal and written when the store is back."""

    def __init__(self, result: ExecutionResult) -> None:
        self.result = result
        super().__init__(
            f"order {result.operation_id} was sent to {result.venue or 'a venue'} and is "
            f"{result.status.value}; the order store is unavailable, so this is not recorded "
            "yet: it is kept in memory and the outage journal and written when the store is back"
        )


@attrs.frozen(kw_only=True)
class OrchestratorSettings:
    retry: RetryPolicy = RetryPolicy()


def new_order(request: OrderRequest, *, client_order_id: str, clock: Clock) -> Order:
    return Order(
        operation_id=request.operation_id,
        client_order_id=client_order_id,
        instrument_key=request.instrument_key,
        side=request.side,
        order_type=request.order_type,
        quantity=request.quantity,
        price=request.price,
        time_in_force=request.time_in_force,
        strategy_id=request.strategy_id,
        parent_operation_id=request.parent_operation_id,
        exec_algorithm=request.exec_algorithm,
        exec_algorithm_params=dict(request.exec_algorithm_params),
        created_at=clock.now(),
        updated_at=clock.now(),
    )


class ExecutionOrchestrator:
    """Coordinates risk, OMS, router, venues and algorithms for every order."""

    def __init__(
        self,
        *,
        risk: PreTradeRiskEngine,
        router: SmartOrderRouter,
        oms: UnifiedOMS,
        venues: VenueRegistry,
        breakers: CircuitBreakers,
        clock: Clock,
        ids: IdGenerator,
        publisher: EventPublisher,
        settings: OrchestratorSettings | None = None,
    ) -> None:
        self.risk, self.router, self.oms = risk, router, oms
        self.venues, self.breakers, self.clock = venues, breakers, clock
        self.ids, self.publisher = ids, publisher
        self.settings = settings or OrchestratorSettings()
        self.tracking = OrderTracking(oms=oms, venues=venues, clock=clock, publisher=publisher)
        self.submission = VenueSubmission(
            oms=oms,
            tracking=self.tracking,
            venues=venues,
            breakers=breakers,
            clock=clock,
            publisher=publisher,
            retry=self.settings.retry,
        )
        self.algorithms: AlgorithmStarter | None = None

    async def execute(self, request: OrderRequest) -> ExecutionResult:
        """Validate, risk-check, record and dispatch one operation. Idempotent on operation_id."""
        request.validate()
        if request.exec_algorithm is not ExecAlgorithm.NORMAL and self.algorithms is not None:
            self.algorithms.validate(request)
        # Working and parked orders answer from memory, ids this process recorded lately
        # from the store. Any other id is looked up by the write-ahead insert itself, whose
        # unique key refuses a stored one: no read before it (one round trip less per new
        # order); a replay is then answered as before.
        existing = self.oms.in_memory(request.operation_id)
        if existing is None and self.oms.recently_recorded(request.operation_id):
            existing = await self.oms.get(request.operation_id)
        if existing is not None:
            return await self._answer(existing)
        request = self._placed(request)
        order = new_order(request, client_order_id=self.ids.client_order_id(), clock=self.clock)
        try:
            counted_at = self.risk.check(request)
        except RiskRejected as rejected:
            order.reject(reason=f"{rejected.code}: {rejected.reason}", at=self.clock.now())
            return await self._record_rejected(order, rejected.code.value)
        try:
            await self.oms.record_new(order)
        except DuplicateOperation as duplicate:
            self.risk.forget(request, counted_at)  # a replay is no new order
            return await self._answer(duplicate.existing)
        except BaseException:
            self.risk.forget(request, counted_at)  # nothing was placed (the store is down...)
            raise
        self.publisher.publish("order.created", order)
        if request.exec_algorithm is not ExecAlgorithm.NORMAL:
            if self.algorithms is None:
                await self._fail(order, "ALGORITHM_UNAVAILABLE: no algorithm driver is configured")
            else:
                await self._start_algorithm(order, request.venue)
        else:
            await self.dispatch(order, allow_split=request.venue is None, pinned=request.venue)
        return await self._answer(order)

    def _placed(self, request: OrderRequest) -> OrderRequest:
        """An algorithm order pinned to the venue routing gives the whole of it, in that
        venue's lots (as the backtest's order plan cuts it); other orders as they are."""
        if request.exec_algorithm is ExecAlgorithm.NORMAL or self.algorithms is None:
            return request
        if request.venue is not None:
            return request
        try:
            decision = self.router.route(request)
        except NoRoute:  # recorded, then failed with the reason when it starts
            return request
        venue = algorithm_allocation(decision, request.quantity).venue
        lot = self.algorithms.lot_size(venue, request.instrument_key)
        quantity = in_lots(request.quantity, lot)
        return attrs.evolve(request, venue=venue, quantity=quantity or request.quantity)

    async def _start_algorithm(self, order: Order, venue: str | None) -> None:
        """Route the whole order once; its children all go to that venue."""
        if venue is None:
            try:
                decision = self._route(order, frozenset(), None)
            except NoRoute as no_route:
                await self._fail(order, f"NO_ROUTE: {no_route.reason}")
                return
            venue = algorithm_allocation(decision, order.quantity).venue
        try:
            await self.algorithms.start(order, pinned=venue)
        except InvalidAlgorithmParams as bad:  # e.g. a clip that is no whole lot at the venue
            await self._fail(order, f"INVALID_ORDER: {bad}")

    async def cancel_stream(self, strategy_id: str, instrument_key: str) -> int:
        """Cancel every order a (strategy, instrument) stream still has working; how many."""
        working = [
            order
            for order in self.oms.open_orders()
            if order.parent_operation_id is None
            and (order.strategy_id, order.instrument_key) == (strategy_id, instrument_key)
        ]
        for order in working:
            if order.is_open:
                await self.tracking.cancel(order)
        return len(working)

    async def _answer(self, order: Order) -> ExecutionResult:
        result = await self.result_of(order)
        if self.oms.is_unrecorded(order):
            raise OutcomeNotRecorded(result)
        return result

    async def _record_rejected(self, order: Order, code: str) -> ExecutionResult:
        try:
            await self.oms.record_new(order)
        except DuplicateOperation as duplicate:
            return await self.result_of(duplicate.existing)
        self.publisher.publish("order.rejected", order)
        return ExecutionResult(
            operation_id=order.operation_id,
            status=order.status,
            error_message=order.rejection_reason,
            rejection_code=code,
        )

    async def result_of(self, order: Order) -> ExecutionResult:
        return ExecutionResult.of(order, await self.oms.fills_of_operation(order))

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
                    decision = self._route(order, excluded, pinned)
            except NoRoute as no_route:
                reason = (
                    no_route.reason if last_error is None else f"{last_error}; {no_route.reason}"
                )
                await self._fail(order, f"NO_ROUTE: {reason}")
                return
            self.publisher.publish("order.routed", (order.operation_id, decision))
            if decision.is_split and allow_split:
                await self._split(order, decision)
                return
            venue_id = decision.primary_venue
            outcome = await self._submit_with_retry(order, venue_id)
            if outcome is None:
                return
            last_error = outcome
            if pinned is not None:
                await self._fail(order, f"VENUE_UNAVAILABLE: {outcome}")
                return
            excluded = excluded | {venue_id}

    def _usable(self, venue_id: str) -> bool:
        return self.venues.is_connected(venue_id) and self.breakers.allows(venue_id)

    async def _split(self, parent: Order, decision: RoutingDecision) -> None:
        """Turn `parent` into a roll-up of one child per allocated venue."""
        children = [
            self.new_child(parent, quantity=allocation.quantity, suffix=f"R{n}")
            for n, allocation in enumerate(decision.allocations, start=1)
        ]
        parent.submit(
            venue=",".join(a.venue for a in decision.allocations),
            venue_type=self.venues.get(decision.primary_venue).venue.kind,
            at=self.clock.now(),
        )
        await self.oms.save(parent)
        pending = {child.operation_id for child in children}
        self.tracking.adopt_parent(parent, more_coming=lambda: bool(pending))
        for child in children:
            await self.oms.record_new(child)
            self.tracking.child_opened(child)
        for child, allocation in zip(children, decision.allocations, strict=True):
            pending.discard(child.operation_id)
            await self.dispatch(child, allow_split=False, preferred=allocation.venue)

    def new_child(self, parent: Order, *, quantity: Decimal, suffix: str) -> Order:
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
        return new_order(request, client_order_id=self.ids.client_order_id(), clock=self.clock)

    def _route(self, order: Order, excluded: frozenset[str], pinned: str | None) -> RoutingDecision:
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
        return self.router.route(request, exclude=excluded)

    async def _submit_with_retry(self, order: Order, venue_id: str) -> str | None:
        """None when the venue took, refused or may hold the order; else why to reroute."""
        return await self.submission.submit(order, venue_id)

    async def _fail(self, order: Order, reason: str) -> None:
        if order.is_open:
            order.fail(error=reason, at=self.clock.now())
        await self.tracking.order_closed(order)

    async def cancel(self, operation_id: OperationId) -> ExecutionResult:
        order = await self.oms.get(operation_id)
        if order is None:
            raise OrderNotFound(operation_id)
        if not order.is_open:
            raise NotCancelable(operation_id, order.status)
        await self.tracking.cancel(order)
        return await self.result_of(order)


class AlgorithmStarter(Protocol):
    """Starts an execution algorithm for a recorded parent order."""

    def validate(self, request: OrderRequest) -> None: ...

    def lot_size(self, venue_id: str, instrument_key: str) -> Decimal: ...

    async def start(self, parent: Order, *, pinned: str | None) -> None: ...
