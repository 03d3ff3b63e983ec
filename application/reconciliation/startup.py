"""Startup reconciliation: stored open orders, venue orders and positions brought in line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from application.execution.venue_registry import VenueRegistry
from application.oms.order_tracking import OrderTracking
from application.oms.unified_oms import UnifiedOMS
from application.oms.venue_adoption import adopt_venue_order, close_unknown_order
from application.positions.tracker import UnifiedPositionTracker
from application.reconciliation.report import Findings, ReconciliationReport
from application.reconciliation.venue_side import compare_positions, import_external
from domain.enums import ExecAlgorithm, OrderStatus
from domain.errors import DomainError, PersistenceUnavailable, VenueError
from domain.fill import StrategyFill, StrategyTotal
from domain.ids import OperationId
from domain.instrument_facts import is_inverse
from domain.order import Order
from domain.venue_state import VenueOrderState
from ports.clock import Clock
from ports.event_publisher import EventPublisher
from ports.execution_venue import ExecutionVenue
from ports.fill_repository import FillRepository
from ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
RECOVERY = "RECOVERY"
NOT_PERSISTENT = "paper venue state is not persistent across restarts"


async def stored_strategy_fills(
    fills: FillRepository,
) -> tuple[list[StrategyTotal], list[StrategyFill]]:
    """What rebuilds the strategies' positions: every stream's total, and the fills of the
    inverse instruments only (their base amounts depend on each fill's price)."""
    totals = await fills.strategy_totals()
    inverse = {t.instrument_key for t in totals if is_inverse(t.instrument_key)}
    return totals, (await fills.strategy_fills(inverse) if inverse else [])


class StartupReconciliation:
    """Run at startup, before the venue event pump, and again after an order-store outage.
    Every stored open order is asked for at its venue by client order id (a PENDING one at
    every venue) and updated through the OMS and order tracking with the venue's own trades,
    so missing fills reach the position exactly once; nothing is ever re-sent. An order no
    venue knows never reached one (REJECTED). Orders of a venue whose state does not
    survive a restart are EXPIRED, said so in the report. Open venue orders unknown here
    are imported as external; positions are compared."""

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
        tracking.after_store_outage(self.run_after_outage)

    async def run(self) -> ReconciliationReport:
        started = self._clock.now()
        async with self._uow_factory() as uow:
            self._positions.load(await uow.positions.list())
            self._positions.restore_strategies(*await stored_strategy_fills(uow.fills))
            stored_open = await uow.orders.list(open_only=True)
        found = Findings(open_orders_checked=len(stored_open))
        connected = await self._connect(found)
        stored_open = await self._expire_not_persistent(stored_open, connected, found)
        await self._resolve_all(stored_open, connected, found)
        await import_external(self._oms, connected, found, now=self._clock.now())
        await self._tracking.settle()  # events kept for orders only now known
        return await self._finish(started, connected, found, trigger="startup")

    async def run_after_outage(self) -> ReconciliationReport:
        """The order store was down: every open leaf is asked for again at its venue (its
        trades dedupe on the venue's trade ids) and positions are compared again."""
        started = self._clock.now()
        leaves = [o for o in self._oms.open_orders() if o.venue and not o.is_roll_up]
        found = Findings(open_orders_checked=len(leaves))
        connected = await self._connect(found)
        for leaf in leaves:
            if leaf.parent_operation_id is None and leaf.exec_algorithm is not ExecAlgorithm.NORMAL:
                continue
            try:
                await self._resolve(leaf, connected, found)
            except DomainError as error:
                found.unresolved.append(leaf.operation_id)
                found.errors.append(f"{leaf.operation_id}: {error}")
        return await self._finish(started, connected, found, trigger="after store outage")

    async def _finish(
        self,
        started: datetime,
        connected: dict[str, ExecutionVenue],
        found: Findings,
        *,
        trigger: str,
    ) -> ReconciliationReport:
        await compare_positions(self._positions.all(), connected, found)
        for venue_id in found.not_persistent:
            found.notes.append(
                f"{venue_id}: {NOT_PERSISTENT}; its stored open orders were expired and its "
                "venue position starts flat"
            )
        report = found.report(started, self._clock.now(), connected, trigger=trigger)
        self.last = report
        level = logging.INFO if report.clean else logging.WARNING
        log.log(level, "reconciliation (%s): %s", trigger, report.counts)
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

    async def _expire_not_persistent(
        self, stored_open: list[Order], connected: dict[str, ExecutionVenue], found: Findings
    ) -> list[Order]:
        """A venue that starts empty cannot be asked: its open orders are gone, say so."""
        gone = {
            venue_id
            for venue_id, adapter in connected.items()
            if not getattr(adapter, "state_survives_restart", True)
        }
        found.not_persistent.extend(sorted(gone))
        kept: list[Order] = []
        for order in stored_open:
            if order.venue not in gone:
                kept.append(order)
                continue
            stored = order.status
            self._oms.adopt(order)
            order.expire(at=self._clock.now())
            order.explain(f"{RECOVERY}: {NOT_PERSISTENT}")
            await self._tracking.order_closed(order)
            found.expired_not_persistent.append(order.operation_id)
            found.resolve(order, stored, note=order.error_message)
        return kept

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
                parent.explain(
                    f"{RECOVERY}: the execution algorithm stopped at the restart",
                    keep_earlier=True,
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
        if any(venue_id not in connected for venue_id in asked):
            found.unresolved.append(order.operation_id)  # an unreachable venue may know it
            return
        stored = order.status
        await close_unknown_order(order, tracking=self._tracking, clock=self._clock, note=RECOVERY)
        if stored is OrderStatus.PENDING:
            found.not_sent.append(order.operation_id)
        found.resolve(order, stored, note=order.error_message or "")

    async def _apply(
        self, order: Order, adapter: ExecutionVenue, state: VenueOrderState, found: Findings
    ) -> None:
        stored = order.status
        added = await adopt_venue_order(
            order, adapter, state, tracking=self._tracking, clock=self._clock, note=RECOVERY
        )
        if added:
            found.fills_applied += 1
        if order.is_open:
            found.still_open.append(order.operation_id)
        if order.status is not stored or added:
            found.resolve(order, stored, filled_added=added)


def _is_parent(order: Order, parent_ids: set[OperationId | None]) -> bool:
    """A roll-up of children (an algorithm or a split), not itself sent to a venue."""
    return order.operation_id in parent_ids or order.is_roll_up
