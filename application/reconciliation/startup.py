"""Startup reconciliation: stored open orders, venue orders and positions brought in line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal

from application.execution.venue_registry import VenueRegistry
from application.oms.order_tracking import OrderTracking
from application.oms.unified_oms import UnifiedOMS
from application.positions.tracker import UnifiedPositionTracker
from application.reconciliation.recovery_fills import missing_fill
from application.reconciliation.report import Findings, ReconciliationReport
from application.reconciliation.venue_side import compare_positions, import_external
from domain.enums import ExecAlgorithm, OrderStatus
from domain.errors import DomainError, PersistenceUnavailable, VenueError
from domain.ids import OperationId
from domain.order import Order
from domain.venue_state import SubmitAck, VenueOrderState
from ports.clock import Clock
from ports.event_publisher import EventPublisher
from ports.execution_venue import ExecutionVenue
from ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
RECOVERY = "RECOVERY"


class StartupReconciliation:
    """Run once at startup, before the venue event pump. Every stored open order is asked
    for at its venue (a PENDING one at every venue) and updated through the OMS and order
    tracking, so missing fills reach the position exactly once; nothing is ever re-sent.
    Open venue orders unknown here are imported as external; positions are compared."""

    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        oms: UnifiedOMS,
        tracking: OrderTracking,
        positions: UnifiedPositionTracker,
        venues: VenueRegistry,
        clock: Clock,
        publisher: EventPublisher,
    ) -> None:
        self._uow_factory, self._oms, self._tracking = uow_factory, oms, tracking
        self._positions, self._venues, self._clock = positions, venues, clock
        self._publisher = publisher
        self.last: ReconciliationReport | None = None

    async def run(self) -> ReconciliationReport:
        started = self._clock.now()
        async with self._uow_factory() as uow:
            self._positions.load(await uow.positions.list())
            stored_open = await uow.orders.list(open_only=True)
        found = Findings(open_orders_checked=len(stored_open))
        connected = await self._connect(found)
        await self._resolve_all(stored_open, connected, found)
        await import_external(self._oms, connected, found, now=self._clock.now())
        await compare_positions(self._positions.all(), connected, found)
        report = found.report(started, self._clock.now(), connected)
        self.last = report
        level = logging.INFO if report.clean else logging.WARNING
        log.log(level, "startup reconciliation: %s", report.counts)
        for difference in report.position_differences:
            log.warning("position difference: %s", difference)
        self._publisher.publish("reconciliation.completed", report)
        return report

    async def _connect(self, found: Findings) -> dict[str, ExecutionVenue]:
        connected: dict[str, ExecutionVenue] = {}
        for adapter in self._venues.all():
            venue_id = adapter.venue.venue_id
            try:
                if not adapter.connected:
                    await adapter.connect()
            except (VenueError, OSError) as error:
                found.unreachable.append(venue_id)
                found.errors.append(f"{venue_id}: cannot connect: {error}")
                continue
            if adapter.connected:
                connected[venue_id] = adapter
            else:
                found.unreachable.append(venue_id)
        return connected

    async def _resolve_all(
        self, stored_open: list[Order], connected: dict[str, ExecutionVenue], found: Findings
    ) -> None:
        parent_ids = {o.parent_operation_id for o in stored_open if o.parent_operation_id}
        parents = [o for o in stored_open if _is_parent(o, parent_ids)]
        leaves = [o for o in stored_open if not _is_parent(o, parent_ids)]
        reconciling = True
        for parent in parents:  # adopted first, so the children's fills roll up into them
            self._oms.adopt(parent)
            self._tracking.adopt_parent(parent, more_coming=lambda: reconciling)
        for leaf in leaves:
            self._tracking.child_opened(leaf)
        for leaf in leaves:
            try:
                await self._resolve(leaf, connected, found)
            except PersistenceUnavailable:
                raise
            except DomainError as error:
                found.unresolved.append(leaf.operation_id)
                found.errors.append(f"{leaf.operation_id}: {error}")
        reconciling = False
        for parent in parents:
            if parent.is_open and parent.exec_algorithm is not ExecAlgorithm.NORMAL:
                parent.error_message = parent.error_message or (
                    f"{RECOVERY}: the execution algorithm stopped at the restart"
                )
            await self._tracking.maybe_finish_parent(parent)

    async def _resolve(
        self, order: Order, connected: dict[str, ExecutionVenue], found: Findings
    ) -> None:
        self._oms.adopt(order)
        if order.venue and order.venue not in connected:
            found.unresolved.append(order.operation_id)  # its venue is down: ask again later
            return
        asked = [order.venue] if order.venue else [v.venue.venue_id for v in self._venues.all()]
        for venue_id in asked:
            adapter = connected.get(venue_id)
            state = await adapter.order_status(order.client_order_id) if adapter else None
            if adapter is not None and state is not None:
                await self._apply(order, adapter, state, found)
                return
        await self._unknown_everywhere(order, asked, connected, found)

    async def _unknown_everywhere(
        self,
        order: Order,
        asked: list[str],
        connected: dict[str, ExecutionVenue],
        found: Findings,
    ) -> None:
        stored, now = order.status, self._clock.now()
        if any(venue_id not in connected for venue_id in asked):
            found.unresolved.append(order.operation_id)  # an unreachable venue may know it
            return
        if order.status is OrderStatus.PENDING:
            order.fail(error=f"{RECOVERY}: never sent before the restart; not re-sent", at=now)
            found.not_sent.append(order.operation_id)
        else:
            order.expire(at=now)
            order.error_message = f"{RECOVERY}: unknown to {order.venue} at the restart"
        await self._tracking.order_closed(order)
        found.resolve(order, stored, note=order.error_message or "")

    async def _apply(
        self, order: Order, adapter: ExecutionVenue, state: VenueOrderState, found: Findings
    ) -> None:
        stored, spec, now = order.status, adapter.venue, self._clock.now()
        if order.status is OrderStatus.PENDING:
            order.submit(
                venue=spec.venue_id, venue_type=spec.kind, at=now, listing=state.instrument_key
            )
        fill = missing_fill(order, state, spec, now_ns=self._clock.now_ns())
        if state.status is OrderStatus.REJECTED and fill is None:
            if order.status is OrderStatus.SUBMITTED:
                order.reject(reason=f"{RECOVERY}: the venue rejected it", at=now)
            else:  # it was working: whatever ended it there, it is over
                order.cancel(at=now)
                order.error_message = f"{RECOVERY}: the venue reports it rejected"
            await self._tracking.order_closed(order)
        elif fill is not None or stored is OrderStatus.PENDING or state.status.is_terminal:
            venue_order_id = state.venue_order_id or order.venue_order_id
            ack = SubmitAck(
                venue_order_id=venue_order_id,  # type: ignore[arg-type]
                status=state.status,
                fills=(fill,) if fill is not None else (),
            )
            await self._tracking.on_ack(order, ack)
        if fill is not None and fill.venue_trade_id in order.seen_trade_ids:
            found.fills_applied += 1
        if order.is_open:
            found.still_open.append(order.operation_id)
        if order.status is not stored:
            added = fill.quantity if fill is not None else Decimal(0)
            found.resolve(order, stored, filled_added=added)


def _is_parent(order: Order, parent_ids: set[OperationId | None]) -> bool:
    """A roll-up of children (an algorithm or a split), not itself sent to a venue."""
    return (
        order.operation_id in parent_ids
        or order.exec_algorithm is not ExecAlgorithm.NORMAL
        or "," in (order.venue or "")
    )
