"""Unified order management: every order on every venue, persisted through the unit of work."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

import attrs

from application.oms.order_locks import OrderLocks
from application.oms.parked_writes import ParkedWrites
from application.oms.recovered_fills import is_synthetic
from application.positions.tracker import UnifiedPositionTracker
from application.risk.exposure import ExposureBook
from domain.enums import VenueKind
from domain.errors import ConcurrentUpdate, DomainError, Overfill, PersistenceUnavailable
from domain.fill import Fill
from domain.ids import ClientOrderId, OperationId, VenueTradeId
from domain.order import Order
from domain.unified_position import UnifiedPosition
from ports.clock import Clock
from ports.outage_journal import OutageJournal
from ports.unit_of_work import UnitOfWork

RECENT_FILLS = 50_000
RECENT_OPERATIONS = 100_000


class DuplicateOperation(DomainError):
    """An operation id that already exists; `existing` is the first order."""

    def __init__(self, existing: Order) -> None:
        self.existing = existing
        super().__init__(f"operation {existing.operation_id} already exists")


class UnifiedOMS:
    """Keeps open orders in memory (indexed by operation and client order id) and writes
    every change through a unit of work. Exposure counts root operations only, so a
    parent and its children are not counted twice."""

    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        exposure: ExposureBook,
        positions: UnifiedPositionTracker,
        clock: Clock,
        journal: OutageJournal | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._exposure = exposure
        self._positions = positions
        self._clock = clock
        self._open: dict[OperationId, Order] = {}
        self._recent_fills: OrderedDict[OperationId, list[Fill]] = OrderedDict()
        self._by_client_id: dict[ClientOrderId, OperationId] = {}
        self._recorded: OrderedDict[OperationId, None] = OrderedDict()
        self._order_locks = OrderLocks()
        self._parked = ParkedWrites(journal)

    # -- reads -------------------------------------------------------------------------
    def working(self, operation_id: OperationId) -> Order | None:
        return self._open.get(operation_id)

    def working_by_client_id(self, client_order_id: ClientOrderId) -> Order | None:
        operation_id = self._by_client_id.get(client_order_id)
        return self._open.get(operation_id) if operation_id else None

    def open_orders(self) -> list[Order]:
        return list(self._open.values())

    def in_memory(self, operation_id: OperationId) -> Order | None:
        """A working order, or one whose latest state waits for the store (no I/O)."""
        return self._open.get(operation_id) or self._parked.get(operation_id)

    def recently_recorded(self, operation_id: OperationId) -> bool:
        """Recorded by this process among its last RECENT_OPERATIONS (no I/O): a client's
        retry is most likely one of these, and is read rather than refused by a commit."""
        return operation_id in self._recorded

    async def get(self, operation_id: OperationId) -> Order | None:
        order = self.in_memory(operation_id)
        if order is not None:
            return order
        async with self._uow_factory() as uow:
            return await uow.orders.get(operation_id)

    async def find_by_client_id(self, client_order_id: ClientOrderId) -> Order | None:
        order = self.working_by_client_id(client_order_id)
        if order is not None:
            return order
        async with self._uow_factory() as uow:
            return await uow.orders.get_by_client_order_id(client_order_id)

    async def list(self, **filters: object) -> list[Order]:
        async with self._uow_factory() as uow:
            return await uow.orders.list(**filters)  # type: ignore[arg-type]

    async def fills_for(self, operation_id: OperationId) -> list[Fill]:
        async with self._uow_factory() as uow:
            return await uow.fills.for_order(operation_id)

    # -- the store's outages -------------------------------------------------------------
    @property
    def store_outages(self) -> int:
        """How many times writes had to be parked because the order store was down."""
        return self._parked.outages

    @property
    def unrecorded_fills(self) -> int:
        return self._parked.fill_count

    @property
    def unrecorded_orders(self) -> int:
        return self._parked.order_count

    def is_unrecorded(self, order: Order) -> bool:
        """The order's latest state (or fills) is in memory and the journal, not yet stored."""
        return self._parked.holds(order)

    def journal_kept_fill(self, fill: Fill) -> None:
        """A fill whose order could not be looked up (the store is down) goes to the journal;
        the event itself is kept by order tracking and applied when the store is back."""
        self._parked.journal((fill,))

    async def catch_up(self) -> bool:
        """Write what was parked during an outage; True when the store holds everything."""
        return await self._parked.flush(self._uow_factory, self._positions.position)

    # -- writes ------------------------------------------------------------------------
    async def record_new(self, order: Order) -> Order:
        """Write-ahead: the order is durable (PENDING or REJECTED) before any venue call.
        A duplicate operation id is refused by the store at commit (no read beforehand)."""
        if self._parked:
            await self.catch_up()
        try:
            async with self._uow_factory() as uow:
                await uow.orders.add(order)
                await uow.commit()
        except ConcurrentUpdate:
            existing = await self.get(order.operation_id)
            if existing is None:  # the client order id collided, not the operation
                raise
            raise DuplicateOperation(existing) from None
        self._recorded[order.operation_id] = None
        if len(self._recorded) > RECENT_OPERATIONS:
            self._recorded.popitem(last=False)
        if order.is_open:
            self._track(order)
            if order.parent_operation_id is None:
                self._exposure.order_opened(
                    order.strategy_id, order.instrument_key, order.signed_quantity
                )
        return order

    def _track(self, order: Order) -> None:
        self._open[order.operation_id] = order
        self._by_client_id[order.client_order_id] = order.operation_id

    def adopt(self, order: Order) -> None:
        """Track an already stored open order (startup reconciliation); once only."""
        if order.is_open and order.operation_id not in self._open:
            self._track(order)
            if order.parent_operation_id is None:
                self._exposure.order_opened(
                    order.strategy_id,
                    order.instrument_key,
                    order.leaves_quantity * order.side.sign,
                )

    async def save(self, *orders: Order) -> None:
        """Persist status changes of orders (and forget the ones that closed). The venue
        already acted on them: with the store down they are parked, never dropped."""
        versions = [order.version for order in orders]
        if self._parked:
            await self.catch_up()
        try:
            async with self._uow_factory() as uow:
                for order in orders:
                    await uow.orders.update(order)
                await uow.commit()
        except PersistenceUnavailable:
            for order, version in zip(orders, versions, strict=True):
                order.held_at_version(version)
            self._parked.park(orders, (), ())
        for order in orders:
            self._after_change(order)

    def _after_change(self, order: Order) -> None:
        if order.is_open:
            return
        if self._open.pop(order.operation_id, None) is not None:
            self._by_client_id.pop(order.client_order_id, None)
            if order.parent_operation_id is None:
                self._exposure.order_reduced(
                    order.strategy_id,
                    order.instrument_key,
                    order.leaves_quantity * order.side.sign,
                )

    async def record_progress(
        self,
        order: Order,
        fills: Sequence[Fill] = (),
        parent: Order | None = None,
        *,
        replays_change_nothing: bool = False,
    ) -> list[Fill]:
        """Persist an order's change and its new fills, with the parent's roll-up and the
        position changes, in ONE transaction. Replayed fills (same venue trade id) are
        skipped; a fill that would overfill is refused. Returns the fills applied. Calls for
        one order take turns: with a store that does real I/O, the ack and the venue's echo
        of the same fill must not both pass the replay check. `replays_change_nothing`: the
        caller changed nothing else, so if every fill is a replay nothing is written."""
        if replays_change_nothing and self._order_locks.all_claimed(order, fills):
            return []  # the ack carrying them is being recorded right now
        fills = [_bound_to(order, fill) for fill in fills]
        async with self._order_locks.hold(order.operation_id) as claimed:
            accepted = self._new_fills(order, fills)
            if replays_change_nothing and not accepted:
                return []
            claimed.update(fill.venue_trade_id for fill in accepted)
            return await self._record_progress(order, accepted, parent)

    async def _record_progress(
        self, order: Order, accepted: list[Fill], parent: Order | None
    ) -> list[Fill]:
        applied: list[Fill] = []
        positions: dict[str, UnifiedPosition] = {}
        versions = (order.version, parent.version if parent is not None else 0)
        if self._parked:
            await self.catch_up()
        try:
            async with self._uow_factory() as uow:
                for fill in accepted:
                    if not await uow.fills.add(fill):
                        order.already_booked(fill.venue_trade_id)
                        continue
                    self._apply(order, parent, fill, positions)
                    applied.append(fill)
                await uow.orders.update(order)
                if parent is not None:
                    await uow.orders.update(parent)
                for position in positions.values():
                    await uow.positions.save(position)
                await uow.commit()
        except PersistenceUnavailable:
            # The venue traded: memory moves on, the store is written when it is back.
            order.held_at_version(versions[0])
            if parent is not None:
                parent.held_at_version(versions[1])
            for fill in accepted:
                if fill not in applied and fill.venue_trade_id not in order.seen_trade_ids:
                    self._apply(order, parent, fill, positions)
                    applied.append(fill)
            touched = [order] if parent is None else [order, parent]
            self._parked.park(touched, applied, positions)
        root = parent or order
        for fill in applied:
            self._exposure.order_reduced(
                root.strategy_id, root.instrument_key, fill.signed_quantity
            )
        self._remember(order, applied, parent)
        self._after_change(order)
        if parent is not None:
            self._after_change(parent)
        return applied

    def _apply(
        self,
        order: Order,
        parent: Order | None,
        fill: Fill,
        positions: dict[str, UnifiedPosition],
    ) -> None:
        now = self._clock.now()
        order.apply_late_fill(fill, at=now)
        if parent is not None:
            parent.apply_late_fill(_as_parent_fill(fill), at=now)
        kind = order.venue_type or VenueKind.SIMULATED
        position = self._positions.apply_fill(fill, strategy_id=order.strategy_id, venue_kind=kind)
        positions[position.instrument_key] = position

    def _new_fills(self, order: Order, fills: Sequence[Fill]) -> list[Fill]:
        fresh, seen, room = [], set(order.seen_trade_ids), order.leaves_quantity
        for fill in fills:
            if fill.venue_trade_id in seen:
                continue
            if not is_synthetic(fill) and 0 < fill.ts_event <= order.recovered_until_ns:
                continue  # a trade the synthetic recovery fill already counted
            if fill.quantity <= 0 or fill.quantity > room:
                raise Overfill(
                    order.operation_id,
                    str(order.quantity),
                    str(order.quantity - room),
                    str(fill.quantity),
                )
            seen.add(fill.venue_trade_id)
            room -= fill.quantity
            fresh.append(fill)
        return fresh

    def _remember(self, order: Order, fills: list[Fill], parent: Order | None) -> None:
        for operation_id in (order.operation_id, parent.operation_id if parent else None):
            if operation_id is None:
                continue
            known = self._recent_fills.setdefault(operation_id, [])
            known.extend(fills)
            self._recent_fills.move_to_end(operation_id)
        while len(self._recent_fills) > RECENT_FILLS:
            self._recent_fills.popitem(last=False)

    async def fills_of_operation(self, order: Order) -> list[Fill]:
        """Fills of an operation, its children's included (recent ones from memory)."""
        recent = self._recent_fills.get(order.operation_id)
        if recent is not None:
            return list(recent)
        async with self._uow_factory() as uow:
            fills = list(await uow.fills.for_order(order.operation_id))
            if not fills:  # a parent's fills are its children's
                for child in await uow.orders.list(parent_operation_id=order.operation_id):
                    fills.extend(await uow.fills.for_order(child.operation_id))
        return fills


def _bound_to(order: Order, fill: Fill) -> Fill:
    """A venue names the order by its label; the fill belongs to the order it was matched to
    (after a restart an adapter no longer knows our operation ids)."""
    if fill.operation_id == order.operation_id:
        return fill
    return attrs.evolve(fill, operation_id=order.operation_id)


def _as_parent_fill(fill: Fill) -> Fill:
    # Trade ids are unique per venue only; the parent may hold fills of several venues.
    return attrs.evolve(fill, venue_trade_id=VenueTradeId(f"{fill.venue}:{fill.venue_trade_id}"))
