"""Writes the order store could not take (it was down), kept until it is back."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from domain.errors import ConcurrentUpdate, PersistenceUnavailable
from domain.fill import Fill
from domain.ids import OperationId
from domain.order import Order
from domain.unified_position import UnifiedPosition
from ports.outage_journal import OutageJournal
from ports.unit_of_work import UnitOfWork


class ParkedWrites:
    """What happened at the venues while the database was down: the in-memory state moved
    on (it is the truth), the fills and order states are kept here and in the journal, and
    `flush` writes them in one transaction when the store answers again."""

    def __init__(self, journal: OutageJournal | None = None) -> None:
        self._journal = journal
        self._fills: dict[tuple[str, str], Fill] = {}
        self._orders: dict[OperationId, Order] = {}
        self._positions: set[str] = set()
        self.outages = 0

    def __bool__(self) -> bool:
        return bool(self._fills or self._orders or self._positions)

    @property
    def fill_count(self) -> int:
        return len(self._fills)

    @property
    def order_count(self) -> int:
        return len(self._orders)

    def holds(self, order: Order) -> bool:
        return order.operation_id in self._orders

    def get(self, operation_id: OperationId) -> Order | None:
        return self._orders.get(operation_id)

    def park(
        self, orders: Iterable[Order], fills: Iterable[Fill], positions: Iterable[str]
    ) -> None:
        if not self:
            self.outages += 1
        new_fills = [f for f in fills if (f.venue, f.venue_trade_id) not in self._fills]
        orders = list(orders)
        for fill in new_fills:
            self._fills[(fill.venue, fill.venue_trade_id)] = fill
        for order in orders:
            self._orders[order.operation_id] = order
        self._positions.update(positions)
        if self._journal is not None:
            self._journal.parked(new_fills, orders)

    def journal(self, fills: Iterable[Fill]) -> None:
        """Fills kept elsewhere (their order could not be looked up): journaled only."""
        if self._journal is not None:
            self._journal.parked(list(fills), ())

    async def flush(
        self,
        uow_factory: Callable[[], UnitOfWork],
        position_of: Callable[[str], UnifiedPosition],
    ) -> bool:
        """True when everything parked is now stored (or nothing was parked)."""
        if not self:
            return True
        fills, orders = dict(self._fills), dict(self._orders)
        positions = set(self._positions)
        try:
            async with uow_factory() as uow:
                for order in orders.values():
                    stored = await uow.orders.get(order.operation_id)
                    if stored is None:
                        await uow.orders.add(order)
                    else:  # memory is the truth: write over whatever version is stored
                        order.held_at_version(stored.version)
                        await uow.orders.update(order)
                for fill in fills.values():
                    await uow.fills.add(fill)  # False when already stored: fine
                for key in positions:
                    await uow.positions.save(position_of(key))
                await uow.commit()
        except (PersistenceUnavailable, ConcurrentUpdate):
            return False
        for key in fills:
            self._fills.pop(key, None)
        for operation_id, order in orders.items():
            if self._orders.get(operation_id) is order:
                del self._orders[operation_id]
        self._positions -= positions
        if self._journal is not None:
            self._journal.written(len(fills), len(orders))
        return not self
