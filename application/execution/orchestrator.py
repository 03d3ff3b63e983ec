"""Command handler: submit one order (risk -> record -> route -> submit -> track)."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

import attrs

from application.algorithms.params import InvalidAlgorithmParams
from application.algorithms.placement import algorithm_allocation
from application.execution.dispatcher import OrderDispatcher
from application.oms.ids import IdGenerator
from application.oms.new_order import new_order
from application.oms.unified_oms import DuplicateOperation, UnifiedOMS
from application.risk.engine import PreTradeRiskEngine
from application.routing.decisions import NoRoute
from application.routing.smart_order_router import SmartOrderRouter
from application.signals.target_move import in_lots
from domain.enums import ExecAlgorithm
from domain.errors import DomainError
from domain.order import Order
from domain.order_request import ExecutionResult, OrderRequest
from domain.risk_limits import RiskRejected
from ports.clock import Clock
from ports.event_publisher import EventPublisher


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


class AlgorithmStarter(Protocol):
    """Starts an execution algorithm for a recorded parent order."""

    def validate(self, request: OrderRequest) -> None: ...

    def lot_size(self, venue_id: str, instrument_key: str) -> Decimal: ...

    async def start(self, parent: Order, *, pinned: str | None) -> None: ...


class ExecutionOrchestrator:
    """The submit-order handler: validate, risk-check, record, then hand the order to the
    dispatcher, or to the algorithm driver when it names an algorithm. Idempotent on
    `operation_id`: a repeat answers with the first result."""

    def __init__(
        self,
        *,
        risk: PreTradeRiskEngine,
        router: SmartOrderRouter,
        oms: UnifiedOMS,
        dispatcher: OrderDispatcher,
        clock: Clock,
        ids: IdGenerator,
        publisher: EventPublisher,
        algorithms: AlgorithmStarter | None = None,
    ) -> None:
        self._risk, self._router, self._oms = risk, router, oms
        self._dispatcher, self._clock, self._ids = dispatcher, clock, ids
        self._publisher, self._algorithms = publisher, algorithms

    async def execute(self, request: OrderRequest) -> ExecutionResult:
        """Validate, risk-check, record and dispatch one operation."""
        request.validate()
        algorithms = self._algorithms
        if request.exec_algorithm is not ExecAlgorithm.NORMAL and algorithms is not None:
            algorithms.validate(request)
        # Working and parked orders answer from memory, ids this process recorded lately
        # from the store. Any other id is looked up by the write-ahead insert itself, whose
        # unique key refuses a stored one: no read before it (one round trip less per new
        # order); a replay is then answered as before.
        existing = self._oms.in_memory(request.operation_id)
        if existing is None and self._oms.recently_recorded(request.operation_id):
            existing = await self._oms.get(request.operation_id)
        if existing is not None:
            return await self._answer(existing)
        request = self._placed(request)
        order = new_order(request, client_order_id=self._ids.client_order_id(), clock=self._clock)
        try:
            counted_at = self._risk.check(request)
        except RiskRejected as rejected:
            order.reject(reason=f"{rejected.code}: {rejected.reason}", at=self._clock.now())
            return await self._record_rejected(order, rejected.code.value)
        try:
            await self._oms.record_new(order)
        except DuplicateOperation as duplicate:
            self._risk.forget(request, counted_at)  # a replay is no new order
            return await self._answer(duplicate.existing)
        except BaseException:
            self._risk.forget(request, counted_at)  # nothing was placed (the store is down...)
            raise
        self._publisher.publish("order.created", order)
        if request.exec_algorithm is not ExecAlgorithm.NORMAL:
            if algorithms is None:
                await self._dispatcher.fail(
                    order, "ALGORITHM_UNAVAILABLE: no algorithm driver is configured"
                )
            else:
                await self._start_algorithm(algorithms, order, request.venue)
        else:
            await self._dispatcher.dispatch(
                order, allow_split=request.venue is None, pinned=request.venue
            )
        return await self._answer(order)

    def _placed(self, request: OrderRequest) -> OrderRequest:
        """An algorithm order pinned to the venue routing gives the whole of it, in that
        venue's lots (as the backtest's order plan cuts it); other orders as they are."""
        if request.exec_algorithm is ExecAlgorithm.NORMAL or self._algorithms is None:
            return request
        if request.venue is not None:
            return request
        try:
            decision = self._router.route(request)
        except NoRoute:  # recorded, then failed with the reason when it starts
            return request
        venue = algorithm_allocation(decision, request.quantity).venue
        lot = self._algorithms.lot_size(venue, request.instrument_key)
        quantity = in_lots(request.quantity, lot)
        return attrs.evolve(request, venue=venue, quantity=quantity or request.quantity)

    async def _start_algorithm(
        self, algorithms: AlgorithmStarter, order: Order, venue: str | None
    ) -> None:
        """Route the whole order once; its children all go to that venue."""
        if venue is None:
            try:
                decision = self._dispatcher.route(order, frozenset(), None)
            except NoRoute as no_route:
                await self._dispatcher.fail(order, f"NO_ROUTE: {no_route.reason}")
                return
            venue = algorithm_allocation(decision, order.quantity).venue
        try:
            await algorithms.start(order, pinned=venue)
        except InvalidAlgorithmParams as bad:  # e.g. a clip that is no whole lot at the venue
            await self._dispatcher.fail(order, f"INVALID_ORDER: {bad}")

    async def _answer(self, order: Order) -> ExecutionResult:
        result = await self._result_of(order)
        if self._oms.is_unrecorded(order):
            raise OutcomeNotRecorded(result)
        return result

    async def _record_rejected(self, order: Order, code: str) -> ExecutionResult:
        try:
            await self._oms.record_new(order)
        except DuplicateOperation as duplicate:
            return await self._result_of(duplicate.existing)
        self._publisher.publish("order.rejected", order)
        return ExecutionResult(
            operation_id=order.operation_id,
            status=order.status,
            error_message=order.rejection_reason,
            rejection_code=code,
        )

    async def _result_of(self, order: Order) -> ExecutionResult:
        return ExecutionResult.of(order, await self._oms.fills_of_operation(order))
