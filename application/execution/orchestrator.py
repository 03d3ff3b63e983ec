"""Execution orchestrator, the one entry point: risk -> record -> route -> submit -> track."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Protocol

import attrs

from application.execution.circuit_breaker import CircuitBreakers
from application.execution.retry import RetryPolicy
from application.execution.venue_registry import VenueRegistry
from application.oms.ids import IdGenerator
from application.oms.order_tracking import OrderTracking
from application.oms.unified_oms import DuplicateOperation, UnifiedOMS
from application.oms.venue_adoption import adopt_venue_order
from application.risk.engine import PreTradeRiskEngine
from application.routing.decisions import Allocation, NoRoute, RoutingDecision
from application.routing.smart_order_router import SmartOrderRouter
from domain.enums import ExecAlgorithm, OrderStatus
from domain.errors import DomainError, VenueError, VenueNotReached, VenueOutcomeUnknown
from domain.ids import OperationId
from domain.order import Order
from domain.order_request import ExecutionResult, OrderRequest
from domain.risk_limits import RiskRejected
from domain.venue import Venue
from domain.venue_state import VenueOrderState
from ports.clock import Clock
from ports.event_publisher import EventPublisher
from ports.execution_venue import ExecutionVenue

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


class _Unknown:
    """The venue could not be asked: whether it holds the order is not known."""


UNKNOWN = _Unknown()


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
        self.algorithms: AlgorithmStarter | None = None

    async def execute(self, request: OrderRequest) -> ExecutionResult:
        """Validate, risk-check, record and dispatch one operation. Idempotent on operation_id."""
        request.validate()
        if request.exec_algorithm is not ExecAlgorithm.NORMAL and self.algorithms is not None:
            self.algorithms.validate(request)
        existing = await self.oms.get(request.operation_id)
        if existing is not None:
            return await self._answer(existing)
        order = new_order(request, client_order_id=self.ids.client_order_id(), clock=self.clock)
        try:
            self.risk.check(request)
        except RiskRejected as rejected:
            order.reject(reason=f"{rejected.code}: {rejected.reason}", at=self.clock.now())
            return await self._record_rejected(order, rejected.code.value)
        try:
            await self.oms.record_new(order)
        except DuplicateOperation as duplicate:
            return await self.result_of(duplicate.existing)
        self.publisher.publish("order.created", order)
        if request.exec_algorithm is not ExecAlgorithm.NORMAL:
            if self.algorithms is None:
                await self._fail(order, "ALGORITHM_UNAVAILABLE: no algorithm driver is configured")
            else:
                await self.algorithms.start(order, pinned=request.venue)
        else:
            await self.dispatch(order, allow_split=request.venue is None, pinned=request.venue)
        return await self._answer(order)

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
        fills = await self.oms.fills_of_operation(order)
        return ExecutionResult(
            operation_id=order.operation_id,
            status=order.status,
            venue=order.venue,
            fills=tuple(sorted(fills, key=lambda f: (f.ts_event, f.fill_id))),
            error_message=order.error_message or order.rejection_reason,
        )

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
        """None when the venue took the order, definitely refused it, or may hold it (then
        it stays SUBMITTED until the venue is asked); else why to reroute. An error after
        which the order may be live is never followed by a re-send before the venue was
        asked by client order id, and never by a reroute unless the venue says it has none."""
        adapter = self.venues.get(venue_id)
        policy = self.settings.retry
        error: VenueError | None = None
        maybe_sent = False
        for attempt in range(1, policy.max_attempts + 1):
            delay = policy.delay_before(attempt)
            if delay:
                await self.clock.sleep(delay)
            if maybe_sent and await self._found_at_venue(order, adapter, error):
                return None
            if not self.breakers.allows(venue_id):
                error = VenueNotReached(
                    venue_id, "BREAKER", f"circuit breaker {self.breakers.state(venue_id)}"
                )
                break
            self.breakers.before_call(venue_id)
            self._mark_submitted(order, adapter.venue)
            try:
                ack = await adapter.submit(order)
            except VenueOutcomeUnknown as unknown:
                self.breakers.record_failure(venue_id)
                await self._outcome_unknown(order, unknown)
                return None
            except VenueError as failure:
                error = failure
                self.breakers.record_failure(venue_id)
                log.warning("submit %s to %s failed: %s", order.client_order_id, venue_id, failure)
                if isinstance(failure, VenueNotReached):
                    continue  # nothing left this process: nothing can be live
                maybe_sent = True
                if not failure.retryable:
                    if not await self._found_at_venue(order, adapter, failure):
                        await self._reject(order, f"{failure.code}: {failure.message}")
                    return None
                continue
            self.breakers.record_success(venue_id)
            await self.tracking.on_ack(order, ack)
            return None
        if maybe_sent and await self._found_at_venue(order, adapter, error):
            return None
        return f"{venue_id} [{error.code}] {error.message}" if error else f"{venue_id} failed"

    async def _found_at_venue(
        self, order: Order, adapter: ExecutionVenue, error: VenueError | None
    ) -> bool:
        """Ask the venue for the order by client order id: adopt it when it is there, keep
        it SUBMITTED (outcome unknown) when the venue cannot be asked. False only when the
        venue says it has no such order (then a re-send or a reroute is safe)."""
        state = await self._ask(adapter, order)
        if state is None:
            return False
        if isinstance(state, _Unknown):
            reason = error or VenueOutcomeUnknown(adapter.venue.venue_id, "UNKNOWN", "no answer")
            await self._outcome_unknown(order, reason)
            return True
        await adopt_venue_order(
            order, adapter, state, tracking=self.tracking, clock=self.clock, note="ADOPTED"
        )
        return True

    async def _ask(
        self, adapter: ExecutionVenue, order: Order
    ) -> VenueOrderState | _Unknown | None:
        try:
            return await adapter.order_status(order.client_order_id)
        except VenueError as failure:
            log.warning(
                "cannot ask %s for %s: %s", adapter.venue.venue_id, order.client_order_id, failure
            )
            return UNKNOWN

    async def _outcome_unknown(self, order: Order, error: VenueError) -> None:
        order.error_message = (
            f"OUTCOME_UNKNOWN: {error.venue} [{error.code}] {error.message}; the order may be "
            "live there and is not sent anywhere else until the venue has been asked"
        )
        await self.oms.save(order)
        self.tracking.outcome_unknown(order)
        self.publisher.publish("order.outcome_unknown", order)

    def _mark_submitted(self, order: Order, venue: Venue) -> None:
        move = order.submit if order.status is OrderStatus.PENDING else order.reroute
        move(
            venue=venue.venue_id,
            venue_type=venue.kind,
            at=self.clock.now(),
            listing=venue.listing_for(order.instrument_key),
        )

    async def _reject(self, order: Order, reason: str) -> None:
        if order.is_open:
            order.reject(reason=reason, at=self.clock.now())
        await self.tracking.order_closed(order)

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

    async def start(self, parent: Order, *, pinned: str | None) -> None: ...
