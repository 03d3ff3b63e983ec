"""Memory repositories: staged writes over a MemoryDatabase, applied on commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from decimal import Decimal

from adapters.memory.copying import copy_order, copy_position
from adapters.memory.store import MemoryDatabase
from domain.enums import OrderStatus
from domain.errors import ConcurrentUpdate
from domain.fill import Fill, StrategyFill, StrategyTotal
from domain.ids import ClientOrderId, OperationId
from domain.order import Order
from domain.unified_position import UnifiedPosition


class MemoryOrderRepository:
    """Orders; an update carries the version it read, checked at commit."""

    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db
        self.staged: dict[OperationId, tuple[Order, int | None]] = {}

    async def add(self, order: Order) -> None:
        self.staged[order.operation_id] = (copy_order(order), None)

    async def get(self, operation_id: OperationId) -> Order | None:
        staged = self.staged.get(operation_id)
        if staged is not None:
            return copy_order(staged[0])
        stored = self._db.orders.get(operation_id)
        return copy_order(stored) if stored is not None else None

    async def get_by_client_order_id(self, client_order_id: ClientOrderId) -> Order | None:
        for order, _ in self.staged.values():
            if order.client_order_id == client_order_id:
                return copy_order(order)
        operation_id = self._db.client_ids.get(client_order_id)
        return await self.get(operation_id) if operation_id is not None else None

    async def update(self, order: Order) -> None:
        previous = self.staged.get(order.operation_id)
        expected = previous[1] if previous is not None else order.version
        self.staged[order.operation_id] = (copy_order(order), expected)
        order.version = (expected if expected is not None else order.version) + 1

    async def list(
        self,
        *,
        status: OrderStatus | None = None,
        strategy_id: str | None = None,
        parent_operation_id: OperationId | None = None,
        open_only: bool = False,
        limit: int | None = None,
    ) -> list[Order]:
        if parent_operation_id is not None:  # indexed: children of one parent
            candidates = {
                op: self._db.orders[op] for op in self._db.children.get(parent_operation_id, ())
            }
        else:
            candidates = dict(self._db.orders)
        candidates.update({op: order for op, (order, _) in self.staged.items()})
        merged = candidates
        found = [
            copy_order(order)
            for order in merged.values()
            if (status is None or order.status is status)
            and (strategy_id is None or order.strategy_id == strategy_id)
            and (parent_operation_id is None or order.parent_operation_id == parent_operation_id)
            and (not open_only or order.is_open)
        ]
        found.sort(key=lambda o: (o.created_at, o.operation_id))
        return found[:limit] if limit is not None else found

    def check(self) -> None:
        for operation_id, (order, expected) in self.staged.items():
            stored = self._db.orders.get(operation_id)
            if expected is None:
                if stored is not None or order.client_order_id in self._db.client_ids:
                    raise ConcurrentUpdate("order", operation_id, 0)
            elif stored is None or stored.version != expected:
                raise ConcurrentUpdate("order", operation_id, expected)

    def apply(self) -> None:
        for operation_id, (order, expected) in self.staged.items():
            order.version = 0 if expected is None else expected + 1
            if expected is None and order.parent_operation_id is not None:
                self._db.children.setdefault(order.parent_operation_id, []).append(operation_id)
            self._db.orders[operation_id] = order
            self._db.client_ids[order.client_order_id] = operation_id
        self.staged.clear()


class MemoryFillRepository:
    """Fills, unique per (venue, venue_trade_id)."""

    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db
        self.staged: dict[tuple[str, str], Fill] = {}

    async def add(self, fill: Fill) -> bool:
        key = (fill.venue, fill.venue_trade_id)
        if key in self._db.fills or key in self.staged:
            return False
        self.staged[key] = fill
        return True

    async def for_order(self, operation_id: OperationId) -> list[Fill]:
        fills = list(self._db.fills_by_order.get(operation_id, ()))
        fills += [f for f in self.staged.values() if f.operation_id == operation_id]
        return fills

    async def strategy_fills(
        self, instruments: Collection[str] | None = None
    ) -> list[StrategyFill]:
        fills = sorted(self._db.fills.values(), key=lambda f: (f.ts_event, f.fill_id))
        orders = self._db.orders
        return [
            StrategyFill(strategy_id=orders[f.operation_id].strategy_id, fill=f)
            for f in fills
            if f.operation_id in orders and (instruments is None or f.instrument_key in instruments)
        ]

    async def strategy_totals(self) -> list[StrategyTotal]:
        totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for stored in await self.strategy_fills():
            totals[(stored.strategy_id, stored.fill.instrument_key)] += stored.fill.signed_quantity
        return [
            StrategyTotal(strategy_id=strategy_id, instrument_key=key, quantity=quantity)
            for (strategy_id, key), quantity in sorted(totals.items())
        ]

    def check(self) -> None:
        for key in self.staged:
            if key in self._db.fills:
                raise ConcurrentUpdate("fill", ":".join(key), 0)

    def apply(self) -> None:
        for key, fill in self.staged.items():
            self._db.fills[key] = fill
            self._db.fills_by_order.setdefault(fill.operation_id, []).append(fill)
        self.staged.clear()


class MemoryPositionRepository:
    """Unified positions by instrument key (last write wins)."""

    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db
        self.staged: dict[str, UnifiedPosition] = {}

    async def get(self, instrument_key: str) -> UnifiedPosition | None:
        found = self.staged.get(instrument_key) or self._db.positions.get(instrument_key)
        return copy_position(found) if found is not None else None

    async def save(self, position: UnifiedPosition) -> None:
        self.staged[position.instrument_key] = copy_position(position)

    async def list(self) -> list[UnifiedPosition]:
        merged = {**self._db.positions, **self.staged}
        return [copy_position(p) for _, p in sorted(merged.items())]

    def apply(self) -> None:
        self._db.positions.update(self.staged)
        self.staged.clear()
