"""Tracking orders after submission: acks, venue events, fills, cancels and parent roll-ups."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence

from application.execution.venue_registry import VenueRegistry
from application.oms.unified_oms import UnifiedOMS
from application.oms.venue_adoption import adopt_venue_order, close_unknown_order
from domain.enums import OrderStatus
from domain.errors import IllegalTransition, Overfill, PersistenceUnavailable, VenueError
from domain.fill import Fill
from domain.ids import OperationId, VenueOrderId
from domain.order import Order
from domain.venue_events import (
    OrderAccepted,
    OrderCanceled,
    OrderExpired,
    OrderFilled,
    OrderRejected,
    VenueEvent,
)
from domain.venue_state import SubmitAck
from ports.clock import Clock
from ports.event_publisher import EventPublisher

log = logging.getLogger(__name__)
UNSETTLED_TOPIC = "venue_facts.unsettled"


class OrderTracking:
    """Applies what venues report to orders, their parents and positions, exactly once."""

    def __init__(
        self,
        *,
        oms: UnifiedOMS,
        venues: VenueRegistry,
        clock: Clock,
        publisher: EventPublisher,
    ) -> None:
        self._oms, self._venues, self._clock, self._publisher = oms, venues, clock, publisher
        self._open_children: dict[OperationId, set[OperationId]] = defaultdict(set)
        self._more_coming: dict[OperationId, Callable[[], bool]] = {}
        self._on_child_closed: dict[OperationId, Callable[[Order], None]] = {}
        self._on_cancel: dict[OperationId, Callable[[], None]] = {}
        self._unmatched: list[VenueEvent] = []
        self._unknown: dict[OperationId, Order] = {}
        self._after_outage: list[Callable[[], Awaitable[object]]] = []
        self._outages_seen = 0

    # -- what is not settled yet -------------------------------------------------------
    @property
    def unmatched_events(self) -> int:
        """Venue events kept because no order (or no store) could take them yet."""
        return len(self._unmatched)

    @property
    def unknown_outcomes(self) -> list[Order]:
        return list(self._unknown.values())

    def keep(self, event: VenueEvent) -> None:
        """An event that could not be applied now: retried at the next settle."""
        self._unmatched.append(event)

    def outcome_unknown(self, order: Order) -> None:
        """The venue may hold `order`: it stays SUBMITTED until the venue has been asked."""
        self._unknown[order.operation_id] = order

    def after_store_outage(self, callback: Callable[[], Awaitable[object]]) -> None:
        """Run `callback` (e.g. a reconciliation) once the store took what an outage parked."""
        self._after_outage.append(callback)

    def unsettled(self) -> dict[str, int]:
        """What is not yet settled, by kind (all zero when every venue fact is stored)."""
        return {
            "unrecorded_fills": self._oms.unrecorded_fills,
            "unrecorded_orders": self._oms.unrecorded_orders,
            "unmatched_events": len(self._unmatched),
            "unknown_outcomes": len(self._unknown),
        }

    async def settle(self) -> None:
        """Write what an outage parked, retry kept events, ask venues about unknown outcomes;
        then publish what is still unsettled (the live run's summary depends on it)."""
        try:
            await self._settle()
        finally:
            self._publisher.publish(UNSETTLED_TOPIC, self.unsettled())

    async def _settle(self) -> None:
        outages = self._oms.store_outages
        if not await self._oms.catch_up():
            return  # the store is still down: keep everything
        if outages > self._outages_seen:
            self._outages_seen = outages
            for callback in self._after_outage:
                await callback()
        kept, self._unmatched = self._unmatched, []
        for index, event in enumerate(kept):
            try:
                await self.on_event(event, retry=True)
            except Exception:  # still failing: keep it and the rest for the next settle
                log.exception("retrying %s failed: kept", type(event).__name__)
                self._unmatched.extend(kept[index:])
                return
        for order in list(self._unknown.values()):
            await self._ask_venue(order)

    async def _ask_venue(self, order: Order) -> None:
        if order.status is not OrderStatus.SUBMITTED or order.venue not in self._venues:
            self._unknown.pop(order.operation_id, None)
            return
        adapter = self._venues.get(order.venue)
        try:
            state = await adapter.order_status(order.client_order_id)
            if state is None:
                await close_unknown_order(
                    order, tracking=self, clock=self._clock, note="OUTCOME_SETTLED"
                )
            else:
                await adopt_venue_order(
                    order, adapter, state, tracking=self, clock=self._clock, note="OUTCOME_SETTLED"
                )
        except VenueError as still:
            log.info("outcome of %s still unknown: %s", order.client_order_id, still)
            return
        self._unknown.pop(order.operation_id, None)

    # -- parents -----------------------------------------------------------------------
    def adopt_parent(
        self,
        parent: Order,
        *,
        more_coming: Callable[[], bool],
        on_child_closed: Callable[[Order], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
    ) -> None:
        """Declare `parent` as the roll-up of children; it closes when the last one does."""
        self._more_coming[parent.operation_id] = more_coming
        if on_child_closed is not None:
            self._on_child_closed[parent.operation_id] = on_child_closed
        if on_cancel is not None:
            self._on_cancel[parent.operation_id] = on_cancel

    def child_opened(self, child: Order) -> None:
        if child.parent_operation_id is not None:
            self._open_children[child.parent_operation_id].add(child.operation_id)

    def open_children(self, parent_id: OperationId) -> list[Order]:
        working = (self._oms.working(op) for op in self._open_children.get(parent_id, ()))
        return [order for order in working if order is not None]

    def _parent_of(self, order: Order) -> Order | None:
        if order.parent_operation_id is None:
            return None
        return self._oms.working(order.parent_operation_id)

    async def maybe_finish_parent(self, parent: Order) -> None:
        pid = parent.operation_id
        if self._open_children.get(pid) or self._more_coming.get(pid, lambda: False)():
            return
        self._open_children.pop(pid, None)
        self._more_coming.pop(pid, None)
        self._on_child_closed.pop(pid, None)
        self._on_cancel.pop(pid, None)
        if parent.is_open:
            now = self._clock.now()
            unfilled = parent.leaves_quantity
            if parent.status is OrderStatus.SUBMITTED and not parent.filled_quantity:
                parent.fail(error=parent.error_message or "no child order executed", at=now)
            else:
                parent.cancel(at=now)
                parent.explain(f"finished with {unfilled} unfilled", keep_earlier=True)
            await self._oms.save(parent)
            self._publisher.publish("order.closed", parent)

    # -- acks and events ---------------------------------------------------------------
    async def on_ack(self, order: Order, ack: SubmitAck) -> None:
        now = self._clock.now()
        if order.status is OrderStatus.SUBMITTED:
            order.accept(venue_order_id=ack.venue_order_id, at=now)
        else:
            order.learn_venue_order_id(ack.venue_order_id)
        parent = self._parent_of(order)
        if parent is not None and order.venue:
            parent.add_child_venue(order.venue)
        if parent is not None and parent.status is OrderStatus.SUBMITTED:
            parent.accept(venue_order_id=None, at=now)
        self._publisher.publish("order.accepted", order)
        await self._record(order, ack.fills, parent)
        if order.is_open and ack.status in (OrderStatus.CANCELED, OrderStatus.EXPIRED):
            # e.g. the unfilled rest of a market order beyond the visible book
            if ack.status is OrderStatus.CANCELED:
                order.cancel(at=now)
            else:
                order.expire(at=now)
            await self.order_closed(order)

    async def on_event(self, event: VenueEvent, *, retry: bool = False) -> None:
        """Apply one venue event; one that matches no order yet is kept and retried."""
        try:
            order = await self._oms.find_by_client_id(event.client_order_id)
        except PersistenceUnavailable:
            self._unmatched.append(event)  # the store is down: applied when it is back
            if isinstance(event, OrderFilled) and not retry:
                self._oms.journal_kept_fill(event.fill)
            return
        if order is None:
            self._unmatched.append(event)
            if not retry:
                self._publisher.publish("order.unknown", event)
                log.warning(
                    "event for unknown order %s from %s: kept, retried",
                    event.client_order_id,
                    event.venue,
                )
            return
        now = self._clock.now()
        try:
            match event:
                case OrderFilled(fill=fill, venue_order_id=venue_order_id):
                    await self.on_fill(order, fill, venue_order_id=venue_order_id)
                    return
                case OrderAccepted(venue_order_id=venue_order_id):
                    if order.status is OrderStatus.SUBMITTED:
                        await self.on_ack(order, SubmitAck(venue_order_id=venue_order_id))
                    elif order.venue_order_id is None and venue_order_id:
                        # The submit was answered before the venue's ack (the node's answer
                        # once sent): the ack brings the venue's id.
                        order.learn_venue_order_id(venue_order_id)
                        await self._record(order, (), self._parent_of(order))
                    return
                case OrderCanceled() if order.is_open:
                    order.cancel(at=now)
                case OrderExpired() if order.is_open:
                    order.expire(at=now)
                case OrderRejected(reason=reason) if order.is_open:
                    order.reject(reason=reason, at=now)
                case _:
                    return
        except IllegalTransition as illegal:
            log.warning("ignored %s: %s", type(event).__name__, illegal)
            return
        await self.order_closed(order)

    async def on_fill(
        self, order: Order, fill: Fill, *, venue_order_id: VenueOrderId | None = None
    ) -> None:
        # A replay (e.g. the venue's echo of a fill its ack carried) writes nothing, unless
        # it brings the venue's order id (its ack was lost, or came before the submit's answer).
        learnt = order.venue_order_id is None and bool(venue_order_id)
        order.learn_venue_order_id(venue_order_id)
        await self._record(
            order, (fill,), self._parent_of(order), replays_change_nothing=not learnt
        )

    async def _record(
        self,
        order: Order,
        fills: Sequence[Fill],
        parent: Order | None,
        *,
        replays_change_nothing: bool = False,
    ) -> None:
        try:
            applied = await self._oms.record_progress(
                order, fills, parent, replays_change_nothing=replays_change_nothing
            )
        except (Overfill, IllegalTransition) as refused:
            log.error("refused fills on %s: %s", order.operation_id, refused)
            self._publisher.publish("fill.refused", (order.operation_id, str(refused)))
            return
        for fill in applied:
            self._publisher.publish("order.filled", (order, fill))
        if applied and not order.is_open:
            await self._child_closed(order)
        if parent is not None and not parent.is_open:
            self._publisher.publish("order.closed", parent)

    async def order_closed(self, order: Order) -> None:
        """Persist a leaf order that reached a terminal status and roll it up."""
        await self._oms.save(order)
        self._publisher.publish("order.closed", order)
        await self._child_closed(order)

    async def _child_closed(self, order: Order) -> None:
        pid = order.parent_operation_id
        if pid is None:
            return
        self._open_children[pid].discard(order.operation_id)
        callback = self._on_child_closed.get(pid)
        if callback is not None:
            callback(order)
        parent = self._oms.working(pid)
        if parent is not None:
            if order.status is OrderStatus.REJECTED and order.rejection_reason:
                parent.explain(order.rejection_reason)
            await self.maybe_finish_parent(parent)

    # -- cancels -----------------------------------------------------------------------
    async def cancel(self, order: Order) -> None:
        """Cancel a leaf at its venue, or every open child of a parent."""
        if order.operation_id in self._more_coming or self._open_children.get(order.operation_id):
            self._more_coming[order.operation_id] = lambda: False
            stop_releasing = self._on_cancel.get(order.operation_id)
            if stop_releasing is not None:
                stop_releasing()
            for child in self.open_children(order.operation_id):
                await self._cancel_leaf(child)
            await self.maybe_finish_parent(order)
            return
        await self._cancel_leaf(order)

    async def _cancel_leaf(self, order: Order) -> None:
        if order.venue is not None and order.status is not OrderStatus.PENDING:
            await self._venues.get(order.venue).cancel(order)
        if order.is_open:
            order.cancel(at=self._clock.now())
            await self.order_closed(order)
